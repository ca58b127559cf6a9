"""What a sentence needs to read right in the language of the page.

The UI's msgids are Chinese (the product's language) and English comes from
locale/en. A few pieces of a sentence are not words but typography (how a
date without its year is written, how items of a list or sentences are
joined), so they are translatable too: Chinese output stays exactly as it
was, English gets its own conventions.

Stored texts that reach other people later (notifications and their e-mails)
are written in the site's language, not in the language of whoever acted:
compose them inside ``site_language()``.
"""

from django.conf import settings
from django.utils import dateformat, formats, timezone, translation
from django.utils.translation import pgettext


def _local(value):
    if hasattr(value, "hour") and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def full_date(value):
    """A date as the page's language writes it (DATE_FORMAT): 2026年9月18日 / Sept. 18, 2026."""
    return formats.date_format(_local(value), "DATE_FORMAT")


def month_day(value):
    """A date without its year, as the page's language writes it: 9月18日 / September 18."""
    # Translators: a Django date format (n month, j day, F month name); no year.
    return dateformat.format(_local(value), pgettext("date format", "n月j日"))


def month_day_time(value):
    """A moment without its year, in Asia/Shanghai: 9月30日17:00 / September 30, 17:00."""
    # Translators: a Django date format (n month, j day, F month name, H:i time); no year.
    return dateformat.format(_local(value), pgettext("date format", "n月j日H:i"))


def join_items(items):
    """Items of an enumeration: 甲、乙、丙 / A, B, C."""
    # Translators: what separates the items of a list (Chinese 、).
    return pgettext("list separator", "、").join(str(item) for item in items)


def join_sentences(sentences):
    """Whole sentences one after another: Chinese needs no space after 。, English does."""
    sentences = [str(sentence) for sentence in sentences]
    text = sentences[0] if sentences else ""
    for sentence in sentences[1:]:
        # Translators: two sentences one after the other; English puts a space between them.
        text = pgettext("two sentences", "%(first)s%(second)s") % {
            "first": text,
            "second": sentence,
        }
    return text


def site_language():
    """``with site_language():`` texts composed inside are in ``settings.LANGUAGE_CODE``."""
    return translation.override(settings.LANGUAGE_CODE)
