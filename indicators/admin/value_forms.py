"""The value forms of the admin: what the workflow would refuse is refused in the form, before saving.

Every admin form that edits a value asks `workflow.decide` and saves through `services.save_value`,
so the admin applies exactly the rules of the grid, the importer and the API.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..models import IndicatorValue
from ..numbers import NumberField
from ..services import EVIDENCE_FIELDS, VALUE_FIELDS, save_value

FIGURES_AS_TYPED = {models.DecimalField: {"form_class": NumberField}}  # "4,2" in Polish, "4.2" in English


def refusal_of_edit(form, *, revision_note: str = "", version: int | None = None):
    """The workflow's refusal of the form's changes to a stored value, asked before anything is saved."""
    if not form.instance.pk:
        return None
    value = form.instance
    try:
        workflow.decide(
            actor=workflow.actor_of(form.user),
            stored=value,
            proposal=workflow.Proposal(
                fields={
                    name: form.cleaned_data.get(name)
                    for name in (*VALUE_FIELDS, *EVIDENCE_FIELDS)
                    if name in form.changed_data
                },
                revision_note=revision_note,
                version=version,
            ),
            label={"code": value.indicator.code, "year": value.year},
            now=timezone.now(),
        )
    except ValidationError as refused:
        return refused
    return None


class InlineValueForm(forms.ModelForm):
    """Verified and published figures are corrected on their own page (reason, revision note), not inline."""

    user = None

    class Meta:
        widgets = {"gap_reason": forms.TextInput}  # one line in the table's row, like the source and notes

    def clean(self):
        cleaned = super().clean()
        refused = refusal_of_edit(self)
        if refused is not None:
            self.add_error(None, refused.messages)
        return cleaned


def save_through_service(
    request,
    value: IndicatorValue,
    *,
    fields,
    revision_note: str = "",
    version: int | None = None,
    create_only: bool = False,
) -> None:
    """Admin forms validate; the service saves what the form changed, so history and status rules are
    never skipped and a colleague's change to another field is never put back."""
    saved, _outcome = save_value(
        user=request.user,
        change_reason=_("edited in the admin"),
        review_note=value.review_note,
        revision_note=revision_note,
        version=version,
        create_only=create_only,
        city=value.city,
        indicator=value.indicator,
        year=value.year,
        **{field: getattr(value, field) for field in (*VALUE_FIELDS, *EVIDENCE_FIELDS) if field in fields},
    )
    value.pk = saved.pk


class IndicatorValueForm(forms.ModelForm):
    user = None  # the admin sets the person editing, so the workflow rules are checked in the form

    correction_note = forms.CharField(
        label=_("public revision note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("This figure is published: residents will see this note next to the correction."),
    )
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IndicatorValue
        fields = ["city", "indicator", "year", *VALUE_FIELDS, *EVIDENCE_FIELDS, "review_note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if indicator is not None and "value" in self.fields:
            hint = [indicator.unit]
            if indicator.range_label:
                hint.append(_("allowed: %(range)s") % {"range": indicator.range_label})
            # The admin renders help_text as HTML: the catalogue's text is escaped here.
            self.fields["value"].help_text = format_html_join(" · ", "{}", ((part,) for part in hint if part))

    def clean(self):
        """Refuse here, with the workflow's message, what the service would refuse on save."""
        cleaned = super().clean()
        refused = refusal_of_edit(
            self, revision_note=cleaned.get("correction_note", ""), version=cleaned.get("seen_version")
        )
        if refused is not None:
            self.add_error("correction_note" if hasattr(refused, "error_dict") else None, refused.messages)
        return cleaned


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("The statistician reads it.")
    )
