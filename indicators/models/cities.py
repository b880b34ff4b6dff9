"""Cities, and which of them each back-office user works on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CityQuerySet(models.QuerySet):
    def home(self) -> "City":
        """The city whose registry this is (HOME_CITY_SLUG); City.DoesNotExist before it is loaded."""
        try:
            return self.get(slug=settings.HOME_CITY_SLUG)
        except self.model.DoesNotExist as error:
            raise self.model.DoesNotExist(
                _("The home city “%(slug)s” is not in the registry: load it with bootstrap_registry.")
                % {"slug": settings.HOME_CITY_SLUG}
            ) from error

    def home_for(self, user) -> "City":
        """The home city, or for a person limited to other cities the first of theirs: what the
        back office's forms start with."""
        cities = CityAccess.objects.cities_of(user)
        home = self.home()
        return home if cities is None or home in cities else cities[0]

    def worked_on_by(self, user):
        """The cities whose values `user` may write: every city, or those their CityAccess names."""
        cities = CityAccess.objects.cities_of(user)
        return self if cities is None else self.filter(pk__in=[city.pk for city in cities])


class CityManager(models.Manager.from_queryset(CityQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class City(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2 code, e.g. PL."))
    region = models.CharField(
        _("region"),
        max_length=200,
        blank=True,
        help_text=_("Voivodeship or other first-level region, e.g. pomorskie."),
    )

    objects = CityManager()

    class Meta:
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(country__regex=r"^[A-Z]{2}$"), name="city_country_iso_alpha2"),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)

    @property
    def is_home(self) -> bool:
        return self.slug == settings.HOME_CITY_SLUG


class CityAccessManager(models.Manager):
    def cities_of(self, user) -> tuple[City, ...] | None:
        """The cities whose values `user` may write; None when they are not limited. Read once per user
        object (one query), as Django reads a user's permissions once."""
        if getattr(user, "pk", None) is None:
            return None
        if not hasattr(user, "_cities_worked_on"):
            cities = tuple(City.objects.filter(accesses__user_id=user.pk).order_by("name"))
            user._cities_worked_on = cities or None
        return user._cities_worked_on


class CityAccess(models.Model):
    """The cities a statistician or reviewer works on, kept by superusers: e.g. a person who keeps
    peer cities' data from public sources, or another city's staff. Without one (or with no city
    chosen) a person works on every city. What it allows is decided by indicators.workflow."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="city_access", verbose_name=_("user")
    )
    cities = models.ManyToManyField(
        City,
        blank=True,
        related_name="accesses",
        verbose_name=_("cities"),
        help_text=_("The person enters, changes and reviews values of these cities only; none: every city."),
    )

    objects = CityAccessManager()

    class Meta:
        verbose_name = _("cities worked on")
        verbose_name_plural = _("cities worked on")

    def __str__(self):
        return str(self.user)
