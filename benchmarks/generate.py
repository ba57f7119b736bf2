"""Generate realistic synthetic German municipal purchase lists for benchmarks.

    python benchmarks/generate.py --rows 100000 --format csv --seed 1 -o benchmarks/data/p100k.csv

The rows look like an ERP export of a city's purchases: German descriptions from per-group
vocabularies (sensitive product groups such as coffee, textiles, natural stone, gravestones,
sports balls, ICT hardware ... and non-sensitive services, food and office items), pack sizes,
article numbers, abbreviations, upper case, labels in the text and in a "Siegel" column (with
negations such as "ohne Fairtrade" and generic claims such as "fair gehandelt"), CPV codes on
about a third of the rows, and about 30 % exact repeats of descriptions.

Generation is vectorised with NumPy: one million rows take a few seconds plus the CSV write.
The data is synthetic (supplier names are invented); the CPV codes are real CPV 2008 codes
(checked against the CPV 2008 list by ``tests/test_benchmarks_generate.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

COLUMNS: tuple[str, ...] = (
    "Pos",
    "Bezeichnung",
    "Menge",
    "Einheit",
    "Einzelpreis",
    "Gesamtpreis",
    "Lieferant",
    "CPV",
    "Siegel",
    "Herkunftsland",
    "Bestelldatum",
)

#: Share of rows whose description exactly repeats the description of another row.
REPEAT_SHARE = 0.30
#: Share of rows with a CPV code.
CPV_SHARE = 1 / 3


@dataclass(frozen=True)
class Group:
    """Vocabulary of one product group (``id`` uses the project's product group ids).

    A product may carry its own CPV code as ``"name|code"``; otherwise a code is drawn from
    ``cpv``.
    """

    id: str
    weight: float
    sensitive: bool
    products: tuple[str, ...]
    attrs: tuple[str, ...] = ("",)
    packs: tuple[str, ...] = ("",)
    units: tuple[str, ...] = ("Stück",)
    price: tuple[float, float] = (1.0, 50.0)
    cpv: tuple[str, ...] = ()
    brands: tuple[str, ...] = ("",)
    text_labels: tuple[str, ...] = ()
    siegel: tuple[str, ...] = ()
    origins: tuple[str, ...] = ("",)
    suppliers: tuple[str, ...] = ()
    decimal_qty: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.split("|")[0] for p in self.products)

    @property
    def product_cpv(self) -> tuple[str, ...]:
        return tuple(p.split("|")[1] if "|" in p else "" for p in self.products)


_FAIR_FOOD_TEXT = (
    "Fairtrade",
    "FAIRTRADE",
    "fair gehandelt",
    "Naturland Fair",
    "GEPA fair+",
    "Rainforest Alliance",
    "Bio/Fairtrade",
    "fairtrade zert.",
    "aus fairem Handel",
    "Fair for Life",
)
_FAIR_FOOD_SIEGEL = (
    "Fairtrade",
    "Fairtrade",
    "FAIRTRADE",
    "Naturland Fair",
    "Rainforest Alliance",
    "GEPA fair+",
    "fair gehandelt",
    "ohne Fairtrade",
    "EU-Bio",
    "nein",
    "Max Havelaar",
    "UTZ",
    "WFTO",
    "Eigenerklärung Lieferant",
)

GROUPS: tuple[Group, ...] = (
    Group(
        id="coffee",
        weight=4,
        sensitive=True,
        products=(
            "Kaffee gemahlen",
            "Röstkaffee gemahlen",
            "Bohnenkaffee",
            "Kaffeebohnen ganze Bohne|15861100-2",
            "Espresso Bohnen",
            "Café Crema Bohnen",
            "Filterkaffee",
            "Kaffeepads",
            "Kaffeekapseln",
            "Instantkaffee",
            "löslicher Kaffee",
            "Kaffee entkoffeiniert|15861200-3",
            "Konferenzkaffee",
            "Kaffee f. Vollautomat",
        ),
        attrs=(
            "",
            "",
            " Bio",
            " Arabica",
            " 100% Arabica",
            " mild",
            " kräftig",
            " dunkle Röstung",
            " Hochland",
        ),
        packs=(" 250 g", " 500 g", " 1 kg", " 6 x 500 g", " 8x1kg", " Btl. 500g", " 100 Pads", " 50 Kapseln"),
        units=("Pkg", "Stück", "kg", "Karton", "Btl."),
        price=(4.0, 25.0),
        cpv=("15861000-1", "15861100-2", "15861200-3", "03131100-9"),
        brands=(
            "",
            "",
            "",
            "GEPA ",
            "Dallmayr ",
            "Tchibo ",
            "Jacobs ",
            "Melitta ",
            "El Puente ",
            "Hausmarke ",
        ),
        text_labels=_FAIR_FOOD_TEXT,
        siegel=_FAIR_FOOD_SIEGEL,
        origins=(
            "",
            "Brasilien",
            "Kolumbien",
            "Äthiopien",
            "Vietnam",
            "Honduras",
            "Peru",
            "Deutschland",
            "BR",
            "CO",
        ),
        suppliers=("Kaffeerösterei", "Getränke", "Großhandel", "Bürokaffee", "Weltladen"),
    ),
    Group(
        id="tea",
        weight=2,
        sensitive=True,
        products=(
            "Schwarzer Tee|15863200-7",
            "Schwarztee|15863200-7",
            "Grüner Tee|15863100-6",
            "Grüntee|15863100-6",
            "Earl Grey",
            "Darjeeling",
            "Assam Tee",
            "Pfefferminztee|15865000-9",
            "Kräutertee|15865000-9",
            "Früchtetee|15865000-9",
            "Rooibos Tee",
            "Kamillentee|15865000-9",
            "Teebeutel Sortiment|15864100-3",
        ),
        attrs=("", "", " Bio", " lose", " im Beutel", " Premium"),
        packs=(" 20 Btl.", " 25 x 2 g", " 100 Beutel", " 250 g", " 500g lose", " 12x20 Btl"),
        units=("Pkg", "Stück", "Karton"),
        price=(1.5, 18.0),
        cpv=("15863000-5", "15863100-6", "15863200-7", "15864100-3", "15865000-9"),
        brands=("", "", "Teekanne ", "Meßmer ", "GEPA ", "Onno Behrends "),
        text_labels=_FAIR_FOOD_TEXT,
        siegel=_FAIR_FOOD_SIEGEL,
        origins=("", "", "Indien", "Sri Lanka", "China", "Kenia", "IN", "Deutschland"),
        suppliers=("Teehandel", "Großhandel", "Lebensmittel"),
    ),
    Group(
        id="cocoa_chocolate",
        weight=1.5,
        sensitive=True,
        products=(
            "Kakaopulver|15841000-5",
            "Trinkschokolade|15842210-7",
            "Kakao Instant",
            "Schokolade Vollmilch",
            "Zartbitterschokolade",
            "Schokoriegel|15842220-0",
            "Pralinen",
            "Schoko-Weihnachtsmann",
            "Schoko-Osterhasen",
            "Kakaogetränk",
        ),
        attrs=("", "", " Bio", " 70%", " Vollmilch", " Nuss"),
        packs=(" 100 g", " 1 kg", " 250g", " 20 x 25 g", " Dose 500 g"),
        units=("Stück", "Pkg", "Karton"),
        price=(1.0, 20.0),
        cpv=("15841000-5", "15842100-3", "15842200-4", "15842220-0", "15842210-7"),
        brands=("", "", "Ritter Sport ", "Milka ", "GEPA ", "Zotter "),
        text_labels=_FAIR_FOOD_TEXT,
        siegel=_FAIR_FOOD_SIEGEL,
        origins=("", "", "Ghana", "Elfenbeinküste", "Ecuador", "Deutschland", "GH"),
        suppliers=("Süßwaren", "Großhandel", "Lebensmittel"),
    ),
    Group(
        id="sugar",
        weight=1,
        sensitive=True,
        products=("Zucker", "Rohrzucker", "Würfelzucker", "Zuckersticks", "Kristallzucker", "Rohrohrzucker"),
        attrs=("", "", " weiß", " braun", " Bio"),
        packs=(" 1 kg", " 500 x 4 g", " 1000 Sticks", " 10x1kg"),
        units=("Pkg", "Karton", "kg"),
        price=(1.0, 25.0),
        cpv=("15831000-2", "15831200-4"),
        brands=("", "", "Südzucker ", "Diamant "),
        text_labels=_FAIR_FOOD_TEXT,
        siegel=_FAIR_FOOD_SIEGEL,
        origins=("", "", "Deutschland", "Paraguay", "Malawi"),
        suppliers=("Großhandel", "Lebensmittel"),
    ),
    Group(
        id="tropical_fruit",
        weight=1,
        sensitive=True,
        products=("Bananen", "Bio-Bananen", "Ananas", "Mango", "Obstkorb Bananen/Äpfel"),
        attrs=("", "", " Kl. I", " lose", " reif"),
        packs=("", " 18 kg Kiste", " 1 kg"),
        units=("kg", "Kiste", "Stück"),
        price=(1.0, 30.0),
        cpv=("03222111-4", "03222110-7"),
        text_labels=_FAIR_FOOD_TEXT,
        siegel=_FAIR_FOOD_SIEGEL,
        origins=("", "Ecuador", "Kolumbien", "Costa Rica", "Dominikanische Republik", "Peru"),
        suppliers=("Obst und Gemüse", "Frischdienst", "Großhandel"),
        decimal_qty=True,
    ),
    Group(
        id="clothing_workwear",
        weight=4,
        sensitive=True,
        products=(
            "T-Shirt|18331000-8",
            "Poloshirt|18333000-2",
            "Arbeitshose|18113000-4",
            "Bundhose|18113000-4",
            "Latzhose|18113000-4",
            "Arbeitsjacke|18113000-4",
            "Softshelljacke|18200000-1",
            "Fleecejacke|18200000-1",
            "Warnweste|18130000-9",
            "Warnschutzjacke|18130000-9",
            "Kittel|18110000-3",
            "Arbeitshandschuhe|18141000-9",
            "Schnittschutzhandschuhe|18141000-9",
            "Sweatshirt",
            "Dienstbluse|18110000-3",
            "Diensthemd|18330000-1",
            "Regenjacke",
            "Socken",
            "Feuerwehr-Einsatzjacke",
        ),
        attrs=(
            "",
            " Baumwolle",
            " 100% Baumwolle",
            " Mischgewebe",
            " schwarz",
            " marine",
            " orange EN ISO 20471",
            " Gr. L",
            " Gr. XL",
            " Gr. 52",
            " Gr. 9",
            " m. Logodruck",
            " Bio-Baumwolle",
        ),
        packs=("", "", " 10 Stk.", " 12 Paar", " VE 5"),
        units=("Stück", "Stk", "Paar", "VE"),
        price=(3.0, 180.0),
        cpv=(
            "18110000-3",
            "18113000-4",
            "18130000-9",
            "18141000-9",
            "18330000-1",
            "18331000-8",
            "18333000-2",
            "18200000-1",
        ),
        brands=("", "", "", "Engelbert Strauss ", "Kübler ", "Planam ", "Fristads ", "Stanley/Stella "),
        text_labels=(
            "GOTS",
            "Fair Wear",
            "Fairtrade Cotton",
            "Grüner Knopf",
            "OEKO-TEX 100",
            "fair produziert",
        ),
        siegel=(
            "GOTS",
            "Fair Wear Foundation",
            "Fair Wear",
            "Fairtrade Cotton",
            "Grüner Knopf",
            "OEKO-TEX Standard 100",
            "MADE IN GREEN by OEKO-TEX",
            "SA8000",
            "amfori BSCI",
            "ohne Siegel",
            "fair produziert",
            "Cotton made in Africa",
        ),
        origins=(
            "",
            "",
            "Bangladesch",
            "China",
            "Pakistan",
            "Indien",
            "Türkei",
            "Tunesien",
            "Portugal",
            "BD",
            "CN",
        ),
        suppliers=("Berufskleidung", "Arbeitsschutz", "Textil", "Uniformen"),
    ),
    Group(
        id="footwear",
        weight=1,
        sensitive=True,
        products=(
            "Sicherheitsschuhe S3",
            "Sicherheitsstiefel S3",
            "Arbeitsschuhe S1P",
            "Gummistiefel",
            "Berufsschuhe",
        ),
        attrs=("", " Gr. 42", " Gr. 44", " Gr. 39", " schwarz", " ESD"),
        units=("Paar",),
        price=(20.0, 160.0),
        cpv=("18830000-6", "18800000-7"),
        brands=("", "Uvex ", "Atlas ", "Elten "),
        text_labels=("Fair Wear", "Leather Working Group"),
        siegel=("Fair Wear", "Leather Working Group", "ohne Siegel", "Blauer Engel"),
        origins=("", "", "China", "Indien", "Vietnam", "Deutschland"),
        suppliers=("Arbeitsschutz", "Schuhhandel"),
    ),
    Group(
        id="textiles",
        weight=2,
        sensitive=True,
        products=(
            "Handtuch|39514100-9",
            "Duschtuch|39514100-9",
            "Bettwäsche|39512000-4",
            "Bettlaken|39512000-4",
            "Spannbettlaken|39512000-4",
            "Kopfkissenbezug|39512000-4",
            "Geschirrtuch|39514200-0",
            "Tischdecke|39513100-2",
            "Vorhang",
            "Wolldecke|39511100-8",
            "Baumwolltasche|18936000-9",
            "Jutebeutel|18936000-9",
            "Stofftasche bedruckt|18936000-9",
        ),
        attrs=("", " weiß", " 50x100 cm", " 135x200", " Baumwolle", " Frottee", " m. Stadtlogo"),
        packs=("", " 10 St.", " VE 50"),
        units=("Stück", "St.", "VE"),
        price=(1.5, 60.0),
        cpv=("39512000-4", "39514100-9", "39514200-0", "39513100-2", "39511100-8", "18936000-9"),
        text_labels=("GOTS", "Fairtrade Cotton", "OEKO-TEX", "Bio-Baumwolle"),
        siegel=(
            "GOTS",
            "Fairtrade Cotton",
            "OEKO-TEX Standard 100",
            "IVN BEST",
            "Grüner Knopf",
            "ohne Siegel",
        ),
        origins=("", "", "Indien", "Pakistan", "Bangladesch", "Türkei", "China"),
        suppliers=("Textil", "Werbemittel", "Wäscherei"),
    ),
    Group(
        id="natural_stone",
        weight=2,
        sensitive=True,
        products=(
            "Granitpflaster|44912100-7",
            "Pflastersteine Granit|44113130-5",
            "Granit-Bordstein|44912400-0",
            "Bordsteine Granit|44912400-0",
            "Natursteinplatten|44113200-7",
            "Basaltpflaster|44113130-5",
            "Sandsteinplatten|44912200-8",
            "Gehwegplatten Naturstein|44113200-7",
            "Kopfsteinpflaster|44113130-5",
            "Mauersteine Sandstein|44912200-8",
            "Blockstufe Granit|44912100-7",
            "Randsteine Granit|44912400-0",
            "Granit Kleinpflaster|44113130-5",
            "Betonpflaster|44113130-5",
            "Rasengittersteine Beton|44113130-5",
        ),
        attrs=(
            "",
            " grau",
            " 8/11",
            " 9/11 cm",
            " 15/17",
            " gesägt",
            " geflammt",
            " 100x25x15",
            " 60x40x4 cm",
        ),
        units=("t", "m²", "lfm", "Stück", "m2"),
        price=(8.0, 250.0),
        cpv=("44912100-7", "44912400-0", "44113130-5", "44113200-7", "44912200-8", "44911100-0"),
        text_labels=("XertifiX", "XertifiX PLUS", "Fair Stone", "IGEP", "zertifiziert"),
        siegel=(
            "XertifiX",
            "XertifiX PLUS",
            "Fair Stone",
            "WiN=WiN Fair Stone",
            "IGEP",
            "Herkunftsnachweis",
            "ohne Zertifikat",
            "Eigenerklärung",
        ),
        origins=("", "China", "Indien", "Vietnam", "Portugal", "Deutschland", "Polen", "CN", "IN"),
        suppliers=("Natursteinhandel", "Baustoffe", "Tiefbau"),
        decimal_qty=True,
    ),
    Group(
        id="gravestones",
        weight=0.5,
        sensitive=True,
        products=("Grabstein", "Grabmal", "Urnenstele", "Grabeinfassung", "Grabplatte", "Stele"),
        attrs=(" Granit", " Indien Granit", " schwarz poliert", " Marmor", " Sandstein", ""),
        units=("Stück",),
        price=(300.0, 4000.0),
        cpv=("39296000-3",),
        text_labels=("XertifiX PLUS", "Fair Stone", "IGEP"),
        siegel=("XertifiX PLUS", "Fair Stone", "IGEP", "XertifiX", "ohne Nachweis", "Eigenerklärung"),
        origins=("", "Indien", "China", "Vietnam", "Deutschland", "IN"),
        suppliers=("Steinmetz", "Grabmale"),
    ),
    Group(
        id="sports_balls",
        weight=1,
        sensitive=True,
        products=(
            "Fußball|37451700-1",
            "Fussball Trainingsball|37451700-1",
            "Handball|37451900-3",
            "Volleyball|37452900-0",
            "Basketball|37452200-3",
            "Spielball",
            "Futsal Ball|37451700-1",
            "Mini-Ball",
        ),
        attrs=(" Gr. 5", " Gr. 4", " Gr. 3", " Gr. 2", " Gr. 7", " Leichtball 290 g", ""),
        packs=("", " 10er Set", " Ballsack 12 St."),
        units=("Stück", "Set"),
        price=(8.0, 60.0),
        cpv=("37451700-1", "37451900-3", "37452900-0", "37452200-3"),
        brands=("", "", "Derbystar ", "Select ", "Molten ", "Erima "),
        text_labels=("Fairtrade", "fair gehandelt", "Fair Trade Ball"),
        siegel=("Fairtrade", "fair gehandelt", "ohne Fairtrade", "Eigenerklärung"),
        origins=("", "Pakistan", "China", "PK"),
        suppliers=("Sportartikel", "Schulbedarf"),
    ),
    Group(
        id="toys",
        weight=1,
        sensitive=True,
        products=(
            "Bauklötze Holz",
            "Puzzle|37523000-0",
            "Puppe|37510000-6",
            "Plüschtier",
            "Kuscheltier",
            "Spielzeugauto|37527200-0",
            "Brettspiel|37524200-9",
            "Sandspielzeug",
            "Holzeisenbahn",
            "Spielzeug Set Kita",
        ),
        attrs=("", " 100 Teile", " ab 3 J.", " bunt", " Holz"),
        units=("Stück", "Set"),
        price=(3.0, 90.0),
        cpv=("37520000-9", "37510000-6", "37523000-0", "37524200-9", "37527200-0"),
        text_labels=("Fair Toys", "fair gehandelt"),
        siegel=("Fair Toys Organisation", "spiel gut", "GS geprüft", "CE", "ohne Siegel"),
        origins=("", "", "China", "Deutschland", "Vietnam"),
        suppliers=("Spielwaren", "Kita-Bedarf", "Schulbedarf"),
    ),
    Group(
        id="carpets",
        weight=0.5,
        sensitive=True,
        products=(
            "Teppich",
            "Teppichboden",
            "Läufer|39533000-7",
            "Fußmatte|39532000-0",
            "Schmutzfangmatte|39532000-0",
            "Teppichfliesen|39531310-9",
            "Orientteppich handgeknüpft",
        ),
        attrs=("", " 200x300", " 60x90 cm", " grau", " Wolle", " Schurwolle"),
        units=("m²", "Stück", "m2"),
        price=(10.0, 900.0),
        cpv=("39531000-3", "39533000-7", "39532000-0", "39531310-9"),
        text_labels=("GoodWeave", "Label STEP"),
        siegel=("GoodWeave", "Label STEP", "Blauer Engel", "ohne Siegel"),
        origins=("", "Indien", "Nepal", "Pakistan", "Türkei", "Iran"),
        suppliers=("Raumausstattung", "Bodenbeläge"),
        decimal_qty=True,
    ),
    Group(
        id="flowers_plants",
        weight=1.5,
        sensitive=True,
        products=(
            "Blumenstrauß",
            "Rosen|03121200-7",
            "Schnittblumen|03121200-7",
            "Gesteck|03121210-0",
            "Tischgesteck|03121210-0",
            "Kranz",
            "Topfpflanzen|03121100-6",
            "Beetpflanzen|03121100-6",
            "Orchidee",
        ),
        attrs=("", " rot", " gemischt", " Jubiläum", " Ratssitzung", " Trauerfeier"),
        units=("Stück", "Bund", "pauschal"),
        price=(5.0, 150.0),
        cpv=("03121200-7", "03121210-0", "03121100-6"),
        text_labels=("Fairtrade", "fair gehandelt", "Fair Flowers Fair Plants"),
        siegel=(
            "Fairtrade",
            "Fair Flowers Fair Plants",
            "Flower Label Program",
            "fair gehandelt",
            "ohne Fairtrade",
        ),
        origins=("", "", "Kenia", "Ecuador", "Kolumbien", "Niederlande", "Äthiopien", "Deutschland"),
        suppliers=("Blumen", "Gärtnerei", "Floristik"),
    ),
    Group(
        id="paper",
        weight=3,
        sensitive=True,
        products=(
            "Kopierpapier A4 80 g/m²|30197642-8",
            "Druckerpapier A4|30197643-5",
            "Recyclingpapier A4|30197642-8",
            "Kopierpapier A3|30197642-8",
            "Briefumschläge DIN lang|30199230-1",
            "Briefumschläge C4|30199230-1",
            "Notizblock A5|22815000-6",
            "Collegeblock|22815000-6",
            "Toilettenpapier 3-lagig|33760000-5",
            "Papierhandtücher|33763000-6",
            "Falthandtücher|33763000-6",
        ),
        attrs=("", "", " weiß", " recycling", " 100% Altpapier", " hochweiß"),
        packs=(" 500 Bl.", " 5x500 Blatt", " Karton 2500 Bl", " 1000 St.", " Pck. 20", ""),
        units=("Karton", "Pkg", "Palette", "Stück"),
        price=(2.0, 60.0),
        cpv=("30197642-8", "30197643-5", "30199230-1", "33760000-5", "33763000-6", "22815000-6"),
        brands=("", "", "Steinbeis ", "Navigator ", "Clairefontaine "),
        text_labels=("Blauer Engel", "FSC", "FSC Recycled", "EU Ecolabel"),
        siegel=("Blauer Engel", "FSC", "FSC Recycled", "PEFC", "EU Ecolabel", "nein"),
        suppliers=("Bürobedarf", "Papier", "Hygiene"),
    ),
    Group(
        id="ict_hardware",
        weight=2,
        sensitive=True,
        products=(
            'Notebook 14"|30213100-6',
            "Laptop 15,6 Zoll|30213100-6",
            "Desktop-PC|30213300-8",
            "Monitor 24 Zoll|30231310-3",
            'Flachbildschirm 27"|30231310-3',
            'Tablet 10,9"|30213200-7',
            "Smartphone|32250000-0",
            "Dockingstation USB-C",
            "Tastatur|30237460-1",
            "Maus kabellos|30237410-6",
            "Laserdrucker A4|30232110-8",
            "Multifunktionsdrucker|30232110-8",
            "Headset USB",
        ),
        attrs=("", " 16GB RAM 512GB SSD", " i5", " schwarz", " inkl. Netzteil", " Win 11 Pro"),
        units=("Stück", "Stk"),
        price=(15.0, 1800.0),
        cpv=(
            "30213100-6",
            "30213300-8",
            "30231310-3",
            "30213200-7",
            "30232110-8",
            "30237460-1",
            "30237410-6",
            "32250000-0",
        ),
        brands=("", "Lenovo ", "HP ", "Dell ", "Fujitsu ", "Apple ", "Samsung ", "Fairphone ", "Shift "),
        text_labels=("TCO Certified", "EPEAT Gold", "Blauer Engel", "Energy Star"),
        siegel=(
            "TCO Certified",
            "TCO Certified Generation 9",
            "EPEAT Gold",
            "Blauer Engel",
            "Energy Star",
            "nein",
        ),
        origins=("", "", "China", "Taiwan", "Vietnam", "Malaysia", "Mexiko"),
        suppliers=("IT-Systemhaus", "Computer", "Bürotechnik"),
    ),
    Group(
        id="furniture",
        weight=1.5,
        sensitive=True,
        products=(
            "Bürodrehstuhl|39111100-4",
            "Schreibtisch elektrisch höhenverstellbar|39121100-7",
            "Besucherstuhl|39112000-0",
            "Konferenztisch|39121200-8",
            "Aktenschrank|39122000-3",
            "Rollcontainer|39130000-2",
            "Stapelstuhl|39112000-0",
            "Regal|39131000-9",
            "Schülertisch|39121200-8",
            "Schülerstuhl|39112000-0",
        ),
        attrs=("", " Buche", " Eiche Dekor", " 160x80", " schwarz", " Holz massiv"),
        units=("Stück",),
        price=(40.0, 1200.0),
        cpv=(
            "39112000-0",
            "39121100-7",
            "39121200-8",
            "39122000-3",
            "39130000-2",
            "39131000-9",
            "39111100-4",
        ),
        text_labels=("Blauer Engel", "FSC", "PEFC"),
        siegel=("Blauer Engel", "FSC", "PEFC", "Quality Office", "nein"),
        origins=("", "", "Deutschland", "Polen", "China", "Vietnam"),
        suppliers=("Büromöbel", "Objekteinrichtung", "Schulmöbel"),
    ),
    Group(
        id="wood",
        weight=1,
        sensitive=True,
        products=(
            "Kantholz Fichte",
            "Schnittholz|03419000-0",
            "Bauholz KVH|03419000-0",
            "Brennholz Buche|03413000-8",
            "Holzpfähle",
            "Rundholz",
            "Spanplatte",
            "Bangkirai Terrassendielen",
        ),
        attrs=("", " 10x10", " 2,5 m", " 6 x 12 cm", " kesseldruckimprägniert"),
        units=("m³", "lfm", "Stück", "rm"),
        price=(3.0, 600.0),
        cpv=("03419000-0", "03410000-7", "03413000-8", "44191000-5"),
        text_labels=("FSC", "PEFC"),
        siegel=("FSC", "FSC Mix", "PEFC", "ohne Zertifikat"),
        origins=("", "Deutschland", "Indonesien", "Brasilien", "Polen"),
        suppliers=("Holzhandel", "Sägewerk", "Baustoffe"),
        decimal_qty=True,
    ),
    Group(
        id="cleaning_products",
        weight=2,
        sensitive=True,
        products=(
            "Allzweckreiniger",
            "Glasreiniger",
            "Sanitärreiniger",
            "Spülmittel",
            "Handseife flüssig|33711900-6",
            "Fußbodenreiniger",
            "Scheuermilch",
            "Waschmittel|39831000-6",
        ),
        attrs=("", " Konzentrat", " parfümfrei", " Nachfüllpack"),
        packs=(" 1 l", " 5 l", " 10 l Kanister", " 750 ml", " 12x1L"),
        units=("Stück", "Kanister", "Karton"),
        price=(1.5, 60.0),
        cpv=("39830000-9", "39831000-6", "33711900-6"),
        text_labels=("EU Ecolabel", "Blauer Engel"),
        siegel=("EU Ecolabel", "Blauer Engel", "Nordic Swan", "nein"),
        suppliers=("Reinigungsbedarf", "Hygiene", "Großhandel"),
    ),
    Group(
        id="office_supplies_wood_stone_rubber",
        weight=2,
        sensitive=True,
        products=(
            "Bleistift HB",
            "Buntstifte",
            "Radiergummi",
            "Tafelkreide",
            "Gummibänder",
            "Holzlineal 30 cm",
            "Stempel",
        ),
        attrs=("", " 12 Farben", " weiß", " sortiert"),
        packs=("", " 12 St.", " Pck. 100", " Schachtel 144"),
        units=("Pkg", "Stück", "Schachtel"),
        price=(0.3, 25.0),
        cpv=("30192130-1", "30192100-2", "30192000-1"),
        brands=("", "Staedtler ", "Faber-Castell ", "Läufer "),
        text_labels=("FSC", "Blauer Engel"),
        siegel=("FSC", "PEFC", "Blauer Engel", "nein"),
        suppliers=("Bürobedarf", "Schulbedarf"),
    ),
    # --- not sensitive ---------------------------------------------------------------------
    Group(
        id="services",
        weight=8,
        sensitive=False,
        products=(
            "Wartung Heizungsanlage",
            "Gebäudereinigung|90911200-8",
            "Unterhaltsreinigung|90910000-9",
            "Winterdienst|90620000-9",
            "Grünflächenpflege|77310000-6",
            "Druck Flyer|79810000-5",
            "Catering Ratssitzung|55520000-1",
            "Reparatur Dienstfahrzeug|50112000-3",
            "Schulung Datenschutz|80500000-9",
            "Umzugsleistungen",
            "Entsorgung Altpapier",
            "Beratungsleistung",
            "Wartung Aufzug|50750000-7",
            "Malerarbeiten|45442100-8",
            "IT-Support|72253200-5",
        ),
        attrs=(
            " Januar",
            " Q1",
            " lt. Vertrag",
            " Objekt Rathaus",
            " Grundschule Nord",
            " pauschal",
            "",
            " Kita Sonnenschein",
        ),
        units=("Std", "pauschal", "Monat", "Einsatz"),
        price=(30.0, 3000.0),
        cpv=(
            "90910000-9",
            "90911200-8",
            "90620000-9",
            "77310000-6",
            "79810000-5",
            "55520000-1",
            "50112000-3",
            "80500000-9",
            "50750000-7",
            "45442100-8",
            "72253200-5",
        ),
        siegel=("", "ISO 9001"),
        suppliers=("Dienstleistungen", "Service", "Facility", "Gebäudeservice", "Consulting"),
        decimal_qty=True,
    ),
    Group(
        id="food",
        weight=2,
        sensitive=False,
        products=(
            "Milch 1,5%|15511000-3",
            "Vollmilch|15511000-3",
            "Mineralwasser|15981000-8",
            "Apfelsaft|15321600-0",
            "Orangensaft|15321100-5",
        ),
        attrs=("", "", " Bio", " regional", " still", " naturtrüb", " Glas"),
        packs=(" 1 l", " 12 x 0,7 l", " 6 x 1,5 l", " 12x1L", ""),
        units=("Kiste", "Stück", "Pkg"),
        price=(0.5, 15.0),
        cpv=("15511000-3", "15981000-8", "15321000-4"),
        siegel=("", "EU-Bio", "Bioland", "regional"),
        origins=("", "Deutschland", "DE"),
        suppliers=("Getränke", "Frischdienst", "Lebensmittel"),
    ),
    Group(
        id="food",
        weight=3,
        sensitive=False,
        products=(
            "Brötchen|15811200-8",
            "Brot|15811100-7",
            "Äpfel|03222321-9",
            "Kartoffeln|03212100-1",
            "Nudeln|15850000-1",
            "Reis|15614000-5",
            "Kekse",
            "Butter|15530000-2",
            "Joghurt",
        ),
        attrs=("", "", " Bio", " regional", " Vollkorn", " Kl. I"),
        packs=(" 5 kg", " 500 g", " 10 St.", " 250 g", " 1 kg", ""),
        units=("Stück", "kg", "Pkg", "Kiste"),
        price=(0.3, 30.0),
        cpv=("15612500-6", "15850000-1", "15614000-5"),
        siegel=("", "EU-Bio", "Bioland", "regional"),
        origins=("", "Deutschland", "DE", "Niederlande", "Italien"),
        suppliers=("Lebensmittel", "Bäckerei", "Frischdienst"),
    ),
    Group(
        id="office",
        weight=5,
        sensitive=False,
        products=(
            "Kugelschreiber|30192121-5",
            "Textmarker|30192700-8",
            "Ordner|22851000-0",
            "Ringordner|30197210-1",
            "Heftklammern|30192700-8",
            "Büroklammern|30197200-8",
            "Klebefilm|30192700-8",
            "Locher",
            "Haftnotizen",
            "Toner schwarz|30125100-2",
            "Druckerpatrone",
            "Batterien AA|31440000-2",
            "USB-Stick 32 GB|30234600-4",
            "Kabeltrommel|31681410-0",
            "LED-Leuchtmittel E27",
            "Whiteboard",
            "Pinnwand",
        ),
        attrs=("", " blau", " schwarz", " 8 cm", " 5 cm", " gelb", " sortiert"),
        packs=("", " 10 St.", " Pck. 1000", " VE 4"),
        units=("Stück", "Pkg", "VE"),
        price=(0.5, 120.0),
        cpv=(
            "30192121-5",
            "30197210-1",
            "22851000-0",
            "30192700-8",
            "30125100-2",
            "31440000-2",
            "30234600-4",
            "31681410-0",
        ),
        brands=("", "", "Leitz ", "Pelikan ", "Stabilo ", "Tesa ", "Brother ", "Varta "),
        siegel=("", "Blauer Engel", "nein"),
        suppliers=("Bürobedarf", "Bürotechnik", "Elektro"),
    ),
)

#: Word abbreviations as they appear in ERP exports (applied to the abbreviated variant).
ABBREVIATIONS: dict[str, str] = {
    "Kaffee": "Kaff.",
    "gemahlen": "gem.",
    "Bohnen": "Bohn.",
    "entkoffeiniert": "entkoff.",
    "Schokolade": "Schok.",
    "Arbeitshandschuhe": "Arb.-Handsch.",
    "Arbeitshose": "Arb.-Hose",
    "Arbeitsjacke": "Arb.-Jacke",
    "Handschuhe": "Handsch.",
    "Granit": "Gran.",
    "Pflastersteine": "Pfl.-St.",
    "Pflaster": "Pfl.",
    "Bordsteine": "Bordst.",
    "Bordstein": "Bordst.",
    "Natursteinplatten": "Nat.-St.-Pl.",
    "Kopierpapier": "Kop.-Pap.",
    "Briefumschläge": "Briefumschl.",
    "Schreibtisch": "Schreibt.",
    "elektrisch": "el.",
    "höhenverstellbar": "höhenverst.",
    "Reinigung": "Reinig.",
    "Reiniger": "Rein.",
    "Wartung": "Wartg.",
    "Baumwolle": "BW",
    "Teebeutel": "Teebtl.",
    "Sortiment": "Sort.",
    "Trainingsball": "Train.-Ball",
    "Blumenstrauß": "Blumenstr.",
    "Mineralwasser": "Min.-Wasser",
    "Toilettenpapier": "Toil.-Pap.",
}

_SURNAMES = (
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Braun",
    "Hofmann",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Werner",
)
_FORMS = (" GmbH", " GmbH & Co. KG", " KG", " e.K.", " AG", " OHG")
_CITIES = ("Rhein-Ruhr", "West", "Dortmund", "Essen", "Bochum", "Köln", "NRW", "Münsterland", "Sauerland")


def _abbreviate(text: str) -> str:
    words = text.split(" ")
    out = []
    for w in words:
        a = ABBREVIATIONS.get(w)
        if a is None:
            for k, v in ABBREVIATIONS.items():
                if len(k) > 5 and k in w:
                    w = w.replace(k, v)
                    break
            out.append(w)
        else:
            out.append(a)
    return " ".join(out)


def all_cpv_codes() -> set[str]:
    """All CPV codes used by the vocabulary (for verification)."""
    return {c for g in GROUPS for c in (*g.cpv, *g.product_cpv) if c}


def _flatten(
    per_group: list[tuple[str, ...]],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Concatenate per-group lists: values, offsets and counts per group."""
    counts = np.array([max(len(v), 1) for v in per_group], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    values = np.array([x for v in per_group for x in (v if v else ("",))], dtype=object)
    return values, offsets, counts


def _pick(
    rng: np.random.Generator, g: np.ndarray, spec: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> np.ndarray:
    values, offsets, counts = spec
    idx = offsets[g] + (rng.random(g.shape[0]) * counts[g]).astype(np.int64)
    return values[idx]  # type: ignore[no-any-return]


def _suppliers(rng: np.random.Generator) -> tuple[str, ...]:
    names: list[str] = []
    for g in GROUPS:
        trades = g.suppliers or ("Handel",)
        for trade in trades:
            for _ in range(4):
                s = _SURNAMES[int(rng.integers(len(_SURNAMES)))]
                style = int(rng.integers(3))
                form = _FORMS[int(rng.integers(len(_FORMS)))]
                if style == 0:
                    names.append(f"{s} {trade}{form}")
                elif style == 1:
                    names.append(f"{trade} {_CITIES[int(rng.integers(len(_CITIES)))]}{form}")
                else:
                    names.append(f"{s} & {_SURNAMES[int(rng.integers(len(_SURNAMES)))]}{form}")
    return tuple(names)


def _unique_descriptions(rng: np.random.Generator, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Build one description per row of group index ``g`` (vectorised).

    Returns the descriptions and the CPV code of each row's product ("" when the product has
    none of its own).
    """
    n = g.shape[0]
    # product names in three spellings: as is, abbreviated, upper case
    prod_norm = [g_.names for g_ in GROUPS]
    prod_abbr = [tuple(_abbreviate(p) for p in g_.names) for g_ in GROUPS]
    prod_upper = [tuple(p.upper() for p in g_.names) for g_ in GROUPS]
    n_prod = np.array([len(p) for p in prod_norm])
    off_prod = np.concatenate([[0], np.cumsum(n_prod)[:-1]])
    pidx = off_prod[g] + (rng.random(n) * n_prod[g]).astype(np.int64)
    variants = np.stack(
        [
            np.array([x for v in prod_norm for x in v], dtype=object),
            np.array([x for v in prod_abbr for x in v], dtype=object),
            np.array([x for v in prod_upper for x in v], dtype=object),
        ]
    )
    var = rng.choice(3, size=n, p=[0.65, 0.2, 0.15])
    product = variants[var, pidx]

    brand = _pick(rng, g, _flatten([x.brands for x in GROUPS]))
    attr = _pick(rng, g, _flatten([x.attrs for x in GROUPS]))
    pack = _pick(rng, g, _flatten([x.packs for x in GROUPS]))

    # article numbers: most rows carry one, in several notations
    artno = rng.integers(10_000, 9_999_999, size=n).astype(str).astype(object)
    style = rng.choice(5, size=n, p=[0.25, 0.2, 0.2, 0.15, 0.2])
    prefix = np.array([" Art.-Nr. ", " Art.Nr.", " #", " ", ""], dtype=object)[style]
    artno = np.where(style == 4, "", prefix + artno)
    art_front = rng.random(n) < 0.15

    sensitive = np.array([x.sensitive for x in GROUPS])[g]
    has_label = sensitive & (rng.random(n) < 0.12)
    lab = _pick(rng, g, _flatten([x.text_labels for x in GROUPS]))
    lab = np.where(has_label & (lab != ""), " " + lab, "")

    body = brand + product + attr + lab + pack
    desc = np.where(
        art_front & (style != 4), np.char.lstrip(artno.astype(str)).astype(object) + " " + body, body + artno
    )
    s = pd.Series(desc, dtype=object)
    upper = rng.random(n) < 0.12
    s[upper] = s[upper].str.upper()
    prod_cpv = np.array([c for g_ in GROUPS for c in g_.product_cpv], dtype=object)
    return s.to_numpy(dtype=object), prod_cpv[pidx]


def generate(rows: int, seed: int = 0, repeat_share: float = REPEAT_SHARE) -> pd.DataFrame:
    """Return a purchase list with ``rows`` rows and the German :data:`COLUMNS`."""
    rng = np.random.default_rng(seed)
    weights = np.array([x.weight for x in GROUPS], dtype=float)
    weights /= weights.sum()

    n_unique = max(1, round(rows * (1.0 - repeat_share)))
    # over-generate, drop accidental duplicates, keep n_unique distinct descriptions
    pool_g = np.empty(0, dtype=np.int64)
    pool_d = np.empty(0, dtype=object)
    pool_c = np.empty(0, dtype=object)
    while pool_d.shape[0] < n_unique:
        need = int((n_unique - pool_d.shape[0]) * 1.1) + 16
        gg = rng.choice(len(GROUPS), size=need, p=weights)
        dd, cc = _unique_descriptions(rng, gg)
        pool_g = np.concatenate([pool_g, gg])
        pool_d = np.concatenate([pool_d, dd])
        pool_c = np.concatenate([pool_c, cc])
        keep = ~pd.Series(pool_d).duplicated().to_numpy()
        pool_g, pool_d, pool_c = pool_g[keep], pool_d[keep], pool_c[keep]
    pool_g, pool_d, pool_c = pool_g[:n_unique], pool_d[:n_unique], pool_c[:n_unique]

    # repeats: frequently bought items (a skewed choice from the first rows of the pool)
    n_rep = rows - n_unique
    hot = max(1, n_unique // 20)
    rep = np.minimum((rng.pareto(1.2, size=n_rep) * hot / 4).astype(np.int64), n_unique - 1)
    base = np.concatenate([np.arange(n_unique), rep])
    order = rng.permutation(rows)
    base = base[order]
    g = pool_g[base]
    desc = pool_d[base]

    # per-item attributes are fixed per distinct description (same item, same unit / supplier)
    item_rng = np.random.default_rng(seed + 1)
    unit = _pick(item_rng, pool_g, _flatten([x.units for x in GROUPS]))[base]
    suppliers = np.array(_suppliers(np.random.default_rng(seed + 2)), dtype=object)
    sup_counts = np.array([len(x.suppliers or ("Handel",)) * 4 for x in GROUPS])
    sup_off = np.concatenate([[0], np.cumsum(sup_counts)[:-1]])
    sup_idx = sup_off[pool_g] + (item_rng.random(n_unique) * sup_counts[pool_g]).astype(np.int64)
    supplier = suppliers[sup_idx][base]

    lo = np.array([x.price[0] for x in GROUPS])
    hi = np.array([x.price[1] for x in GROUPS])
    price_item = np.exp(
        np.log(lo[pool_g]) + item_rng.random(n_unique) * (np.log(hi[pool_g]) - np.log(lo[pool_g]))
    )
    price = np.round(price_item[base] * (1 + rng.normal(0, 0.03, rows)), 2)
    price = np.maximum(price, 0.01)

    decimal = np.array([x.decimal_qty for x in GROUPS])[g]
    qty_int = np.maximum(1, np.round(rng.lognormal(1.2, 1.0, rows))).astype(np.float64)
    qty_dec = np.round(rng.lognormal(2.0, 1.2, rows), 2)
    qty = np.where(decimal, qty_dec, qty_int)
    qty = np.maximum(qty, 0.01)
    total = np.round(qty * price, 2)

    has_cpv = item_rng.random(n_unique) < CPV_SHARE
    cpv = np.where(pool_c != "", pool_c, _pick(item_rng, pool_g, _flatten([x.cpv for x in GROUPS])))
    short = item_rng.random(n_unique) < 0.15
    cpv_s = pd.Series(cpv, dtype=object)
    cpv_s[short] = cpv_s[short].str[:8]
    cpv = np.where(has_cpv & (cpv != ""), cpv_s.to_numpy(dtype=object), "")[base]

    sensitive_item = np.array([x.sensitive for x in GROUPS])[pool_g]
    has_siegel = item_rng.random(n_unique) < np.where(sensitive_item, 0.30, 0.05)
    siegel = _pick(item_rng, pool_g, _flatten([x.siegel for x in GROUPS]))
    siegel = np.where(has_siegel, siegel, "")[base]

    has_origin = item_rng.random(n_unique) < 0.45
    origin = _pick(item_rng, pool_g, _flatten([x.origins for x in GROUPS]))
    origin = np.where(has_origin, origin, "")[base]

    day = np.sort(rng.integers(0, 365, size=rows))
    dates = np.datetime64("2025-01-01") + day.astype("timedelta64[D]")

    return pd.DataFrame(
        {
            "Pos": np.arange(1, rows + 1, dtype=np.int64),
            "Bezeichnung": desc,
            "Menge": qty,
            "Einheit": unit,
            "Einzelpreis": price,
            "Gesamtpreis": total,
            "Lieferant": supplier,
            "CPV": cpv,
            "Siegel": siegel,
            "Herkunftsland": origin,
            "Bestelldatum": pd.to_datetime(dates),
        },
        columns=list(COLUMNS),
    )


def write_csv(df: pd.DataFrame, path: Path, encoding: str = "utf-8") -> None:
    """Write ';'-separated CSV with decimal commas and German dates (dd.mm.yyyy)."""
    out = df.copy()
    out["Bestelldatum"] = out["Bestelldatum"].dt.strftime("%d.%m.%Y")
    out.to_csv(path, sep=";", decimal=",", index=False, encoding=encoding, float_format="%.2f")


def write_xlsx(df: pd.DataFrame, path: Path, engine: str = "auto") -> str:
    """Write one sheet "Bestellungen"; returns the engine used.

    ``auto`` uses rustpy-xlsxwriter when installed (much faster), else XlsxWriter in
    constant-memory mode.
    """
    if engine in ("auto", "rustpy"):
        try:
            import rustpy_xlsxwriter
        except ImportError:
            if engine == "rustpy":
                raise
        else:
            out = df.copy()
            out["Bestelldatum"] = out["Bestelldatum"].dt.date
            for c in ("CPV", "Siegel", "Herkunftsland"):
                out[c] = out[c].replace("", None)
            rustpy_xlsxwriter.write_worksheet(out, str(path), sheet_name="Bestellungen")
            return "rustpy-xlsxwriter"
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Bestellungen")
    date_fmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws.write_row(0, 0, COLUMNS)
    cols = [df[c].to_numpy(dtype=object) for c in COLUMNS[:10]]
    dates = df["Bestelldatum"].dt.to_pydatetime()
    for r, row in enumerate(zip(*cols, strict=True), start=1):
        ws.write_number(r, 0, row[0])
        ws.write_string(r, 1, row[1])
        ws.write_number(r, 2, row[2])
        ws.write_string(r, 3, row[3])
        ws.write_number(r, 4, row[4], money)
        ws.write_number(r, 5, row[5], money)
        ws.write_string(r, 6, row[6])
        if row[7]:
            ws.write_string(r, 7, row[7])
        if row[8]:
            ws.write_string(r, 8, row[8])
        if row[9]:
            ws.write_string(r, 9, row[9])
        ws.write_datetime(r, 10, dates[r - 1], date_fmt)
    wb.close()
    return "xlsxwriter"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--encoding", default="utf-8", help="CSV encoding (utf-8 or cp1252)")
    ap.add_argument("--xlsx-engine", choices=("auto", "rustpy", "xlsxwriter"), default="auto")
    ap.add_argument("--repeat-share", type=float, default=REPEAT_SHARE)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    df = generate(args.rows, seed=args.seed, repeat_share=args.repeat_share)
    t1 = time.perf_counter()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_name(args.output.name + ".part")
    if args.format == "csv":
        write_csv(df, tmp, encoding=args.encoding)
        how = f"csv {args.encoding}"
    else:
        how = write_xlsx(df, tmp, engine=args.xlsx_engine)
        how = f"xlsx {how}"
    tmp.replace(args.output)
    t2 = time.perf_counter()
    print(
        f"{args.output}: {args.rows} rows ({how}), generate {t1 - t0:.1f} s, write {t2 - t1:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
