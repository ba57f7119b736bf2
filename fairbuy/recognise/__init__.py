"""Recognition: product group and labels of each line item, as a careful reader would see them.

>>> from fairbuy.labeldb import load_label_db
>>> from fairbuy.recognise import Recogniser
>>> rec = Recogniser(load_label_db())
>>> r = rec.recognise_one("Kaff. gem. 500g Fairtade")
>>> r["product_group"], [lab["id"] for lab in r["labels"]]
('coffee', ['fairtrade'])
"""

from __future__ import annotations

from fairbuy.recognise.cpv import repair_cpv
from fairbuy.recognise.explain import Explanation
from fairbuy.recognise.lexicon import Lexicon, load_lexicon
from fairbuy.recognise.normalise import fold, normalise
from fairbuy.recognise.recogniser import Recogniser

__all__ = ["Explanation", "Lexicon", "Recogniser", "fold", "load_lexicon", "normalise", "repair_cpv"]
