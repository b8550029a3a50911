"""Letters that tell the scripts and languages of Zan's texts apart (either case)."""
import re

KAZAKH_LETTER = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")  # Kazakh has them, Russian does not
CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
LATIN_LETTER = re.compile("[A-Za-z]")
