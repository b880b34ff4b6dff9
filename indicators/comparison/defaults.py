"""The peer groups every registry starts with (added by a migration and by bootstrap_registry)."""

DEFAULT_GROUPS = [
    {
        "slug": "polish-cities",
        "rule_country": "PL",
        "names": ("Miasta polskie", "Polish cities", "Polnische Städte"),
        "descriptions": (
            "Wszystkie miasta w Polsce zapisane w rejestrze.",
            "Every city in Poland held in the registry.",
            "Alle Städte in Polen im Register.",
        ),
    },
    {
        "slug": "all-cities",
        "rule_country": "",
        "names": ("Wszystkie miasta", "All cities", "Alle Städte"),
        "descriptions": (
            "Wszystkie miasta zapisane w rejestrze, w Polsce i za granicą.",
            "Every city held in the registry, in Poland and abroad.",
            "Alle Städte im Register, in Polen und im Ausland.",
        ),
    },
]


def ensure_default_groups(peer_group_model) -> int:
    """Create the default groups that are missing; a group kept by an admin is left as it is."""
    created = 0
    for group in DEFAULT_GROUPS:
        pl, en, de = group["names"]
        about_pl, about_en, about_de = group["descriptions"]
        _group, was_created = peer_group_model.objects.get_or_create(
            slug=group["slug"],
            defaults={
                "by_rule": True,
                "rule_country": group["rule_country"],
                **{"name": pl, "name_pl": pl, "name_en": en, "name_de": de},
                **{"description": about_pl, "description_pl": about_pl},
                **{"description_en": about_en, "description_de": about_de},
            },
        )
        created += was_created
    return created


def add_default_groups(stdout=None, **_signal_kwargs) -> None:
    """bootstrap_requested receiver: the default groups an empty registry lacks."""
    from .models import PeerGroup

    if ensure_default_groups(PeerGroup) and stdout is not None:
        stdout.write("Default peer groups added.")
