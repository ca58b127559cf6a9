from hospital.selectors import hospital_profile, title_label


def hospital(request):
    """The hospital's name and the title's wording for every page (base.html's
    footer, the sign-in page, the honour roll), read from the cached settings
    only when a template asks for them."""
    return {
        "HOSPITAL_NAME": lambda: hospital_profile().name,
        "TITLE_WORDING": title_label,
    }
