"""What a coverage report is asked for (city and a year, or a certificate): one parser for the command,
the auditors' pages and the API, so bad input gets the same clear message everywhere."""

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import FIRST_YEAR, LAST_STORABLE_YEAR, City

from .coverage import Period, period_for_certificate, period_for_year
from .models import Certificate
from .reports import FORMATS


class ReportScopeForm(forms.Form):
    city = forms.SlugField(label=_("city"), required=False)
    year = forms.IntegerField(
        label=_("year"), required=False, min_value=FIRST_YEAR, max_value=LAST_STORABLE_YEAR
    )
    certificate = forms.IntegerField(label=_("certificate"), required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        year, certificate_id = data.get("year"), data.get("certificate")
        if (year is None) == (certificate_id is None):
            raise forms.ValidationError(_("Give either a year or a certificate, not both and not neither."))
        slug = data.get("city")
        try:
            city = City.objects.get(slug=slug) if slug else City.objects.home()
        except City.DoesNotExist as error:
            message = _("There is no city %(slug)s.") % {"slug": slug} if slug else str(error)
            raise forms.ValidationError(message) from error
        if year is not None:
            data["period"] = period_for_year(city, year)
            return data
        certificate = (
            Certificate.objects.select_related("city", "standard", "body").filter(pk=certificate_id).first()
        )
        if certificate is None or (data.get("city") and certificate.city != city):
            raise forms.ValidationError(
                _("There is no certificate %(id)s for %(city)s.") % {"id": certificate_id, "city": city}
            )
        if certificate.standard.indicator_edition is None:
            raise forms.ValidationError(
                _("%(standard)s has no indicators: there is no coverage to report.")
                % {"standard": certificate.standard}
            )
        try:
            data["period"] = period_for_certificate(certificate)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return data

    @property
    def period(self) -> Period:
        return self.cleaned_data["period"]


class DownloadForm(ReportScopeForm):
    format = forms.ChoiceField(label=_("format"), choices=[(name, name.upper()) for name in FORMATS])


def form_errors(form: forms.Form) -> str:
    """All errors in one line, each prefixed by its field label ("year: Enter a whole number.")."""
    parts = []
    for field, messages in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.extend(f"{label}: {message}" if label else str(message) for message in messages)
    return " ".join(parts)
