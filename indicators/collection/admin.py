"""The collection in the admin: owners (and a file loading many), assignments, rounds with their board.

Thin: every write is a service of services.py; the board is selectors.board.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from indicators.csv_safe import csv_text
from indicators.exporting import XLSX_CONTENT_TYPE, xlsx_bytes

from . import letters, links, owners_file, services
from .models import Assignment, CollectionRound, DataOwner, OwnerContact, RoundItem, RoundRequest
from .selectors import board


class OwnerContactInline(admin.TabularInline):
    model = OwnerContact
    extra = 1


class OwnersFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "One row per contact person, with the columns name_pl, name_en, name_de, kind, language, "
            "contact_name, contact_email, contact_phone."
        ),
    )


@admin.register(DataOwner)
class DataOwnerAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["name", "kind", "language", "contact_count"]
    list_filter = ["kind", "language"]
    search_fields = ["name_pl", "name_en", "name_de", "contacts__email"]
    inlines = [OwnerContactInline]
    change_list_template = "admin/collection/dataowner_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("contacts")

    @admin.display(description=gettext_lazy("contact people"))
    def contact_count(self, obj):
        return len(obj.contacts.all())

    def get_urls(self):
        return [
            path("load/", self.admin_site.admin_view(self.load_view), name="collection_dataowner_load"),
            *super().get_urls(),
        ]

    def load_view(self, request):
        """Many owners and contacts from one file; one bad row and nothing is loaded."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = OwnersFileForm(request.POST or None, request.FILES or None)
        problems = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > owners_file.MAX_BYTES:
                    raise ValidationError(_("The file is larger than 5 MB."))
                rows = owners_file.owner_rows(upload.read(), upload.name)
                counts = services.load_owners(rows=rows, user=request.user)
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(
                    request,
                    _(
                        "Owners created: %(owners_created)s, updated: %(owners_updated)s; contact people "
                        "added: %(contacts_added)s, updated: %(contacts_updated)s."
                    )
                    % counts,
                )
                return HttpResponseRedirect(reverse("admin:collection_dataowner_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": DataOwner._meta,
            "title": _("Load owners from a file"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/collection/load_owners.html", context)


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "city", "owner", "numerator_owner", "denominator_owner"]
    list_filter = ["city", "owner"]
    search_fields = ["indicator__code", "indicator__name_pl", "owner__name_pl", "note"]
    autocomplete_fields = ["indicator", "owner", "numerator_owner", "denominator_owner"]
    list_select_related = ["indicator", "city", "owner", "numerator_owner", "denominator_owner"]


class RoundItemInline(admin.TabularInline):
    model = RoundItem
    fields = ["indicator", "part", "note", "answer", "source", "answered_at", "draft"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RoundRequest)
class RoundRequestAdmin(SimpleHistoryAdmin):
    list_display = [
        "owner",
        "round",
        "link_state",
        "link_expires_at",
        "sent_at",
        "answered_at",
        "last_reminded_at",
    ]
    list_filter = ["round", "link_state"]
    list_select_related = ["owner", "round__city"]
    readonly_fields = ["round", "owner", "link_state", "link_expires_at", "sent_at", "sent_to", "answered_at"]
    readonly_fields += ["last_reminded_at", "reminders"]
    inlines = [RoundItemInline]
    actions = ["revoke_links", "issue_new_links"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Revoke the links of the selected owners"), permissions=["change"])
    def revoke_links(self, request, queryset):
        for owner_request in queryset:
            services.revoke_link(request=owner_request, user=request.user)
        messages.success(request, _("%(count)s links revoked.") % {"count": len(queryset)})

    @admin.action(
        description=gettext_lazy("Issue new links to the selected owners and send their letters"),
        permissions=["change"],
    )
    def issue_new_links(self, request, queryset):
        chosen = {}
        for owner_request in queryset.select_related("round"):
            services.issue_new_link(request=owner_request, user=request.user)
            chosen.setdefault(owner_request.round, []).append(owner_request.pk)
        sent = sum(
            len(services.send_letters(collection_round=collection_round, only=ids, user=request.user))
            for collection_round, ids in chosen.items()
        )
        messages.success(request, _("%(count)s letters sent with new links.") % {"count": sent})


class OpenRoundForm(forms.ModelForm):
    class Meta:
        model = CollectionRound
        fields = ["city", "year", "due_date"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("city") and cleaned.get("year"):
            for problem in services.round_problems(city=cleaned["city"], year=cleaned["year"]):
                self.add_error(None, problem)
        return cleaned


@admin.register(CollectionRound)
class CollectionRoundAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "due_date", "opened_at", "opened_by", "board_link"]
    list_filter = ["city", "year"]
    list_select_related = ["city", "opened_by"]
    form = OpenRoundForm

    def get_readonly_fields(self, request, obj=None):
        return ["city", "year", "opened_at", "opened_by"] if obj is not None else []

    def get_fields(self, request, obj=None):
        return ["city", "year", "due_date", *(["opened_at", "opened_by"] if obj is not None else [])]

    @admin.display(description=gettext_lazy("board"))
    def board_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:collection_round_board", args=[obj.pk]), _("board")
        )

    def save_model(self, request, obj, form, change):
        """A new round is opened by the service (its requests and items with it); a change moves the due
        date only."""
        if change:
            obj._history_user = request.user
            return super().save_model(request, obj, form, change)
        opened = services.open_round(city=obj.city, year=obj.year, due_date=obj.due_date, user=request.user)
        obj.pk, obj.opened_at, obj.opened_by = opened.pk, opened.opened_at, opened.opened_by

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:collection_round_board", args=[obj.pk]))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:round_id>/board/", view(self.board_view), name="collection_round_board"),
            path(
                "<int:round_id>/board.<str:fmt>",
                view(self.board_export_view),
                name="collection_round_board_export",
            ),
            path(
                "<int:round_id>/letter/<int:request_id>.<str:fmt>",
                view(self.letter_view),
                name="collection_round_letter",
            ),
            *super().get_urls(),
        ]

    def board_view(self, request, round_id):
        """Per owner: asked, answered, overdue, with the dates; sends the letters not sent yet."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        collection_round = get_object_or_404(CollectionRound.objects.select_related("city"), pk=round_id)
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            sent = services.send_letters(collection_round=collection_round, user=request.user)
            messages.success(request, _("%(count)s letters sent.") % {"count": len(sent)})
            return HttpResponseRedirect(request.path)
        the_board = board(collection_round)
        context = {
            **self.admin_site.each_context(request),
            "opts": CollectionRound._meta,
            "title": _("Board of the round %(round)s") % {"round": collection_round},
            "round": collection_round,
            "board": the_board,
            "totals": the_board.totals,
            "unsent": sum(row.request.sent_at is None for row in the_board.rows),
            "may_send": self.has_change_permission(request),
            "awaiting_url": reverse("admin:indicators_indicatorvalue_changelist")
            + "?"
            + urlencode(
                {
                    "awaits_statistician__exact": 1,
                    "city__id__exact": collection_round.city_id,
                    "year": collection_round.year,
                }
            ),
        }
        return TemplateResponse(request, "admin/collection/board.html", context)

    def board_export_view(self, request, round_id, fmt):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if fmt not in ("csv", "xlsx"):
            raise PermissionDenied
        collection_round = get_object_or_404(CollectionRound.objects.select_related("city"), pk=round_id)
        header, rows = board_table(board(collection_round))
        name = f"round-{collection_round.city.slug}-{collection_round.year}"
        if fmt == "csv":
            response = HttpResponse(
                csv_text(header, rows).encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                xlsx_bytes({str(collection_round.year): (header, rows)}), content_type=XLSX_CONTENT_TYPE
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response

    def letter_view(self, request, round_id, request_id, fmt):
        """The owner's letter as it was e-mailed (with a link to the same request), for printing."""
        if not self.has_view_permission(request) or fmt not in ("pdf", "docx"):
            raise PermissionDenied
        owner_request = get_object_or_404(
            RoundRequest.objects.select_related("round__city", "owner"), pk=request_id, round_id=round_id
        )
        with translation.override(owner_request.owner.language):
            context = letters.letter_context(owner_request, link=links.link_url(owner_request))
            if fmt == "pdf":
                response = HttpResponse(letters.letter_pdf(context), content_type="application/pdf")
            else:
                response = HttpResponse(letters.letter_docx(context), content_type=letters.DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{letters.file_name(owner_request)}.{fmt}"'
        return response


def board_table(the_board) -> tuple[list[str], list[list]]:
    """The board as a table for the exports: one row per owner."""
    header = [
        _("owner"),
        _("asked"),
        _("answered"),
        _("missing"),
        _("waiting for a statistician"),
        _("state"),
        _("sent at"),
        _("last answered at"),
        _("last reminded at"),
        _("link"),
    ]
    rows = [
        [
            row.request.owner.name,
            row.asked,
            row.answered,
            row.missing,
            row.awaiting,
            str(STATE_LABELS[row.state]),
            _stamp(row.request.sent_at),
            _stamp(row.request.answered_at),
            _stamp(row.request.last_reminded_at),
            row.request.get_link_state_display(),
        ]
        for row in the_board.rows
    ]
    return header, rows


def _stamp(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


STATE_LABELS = {
    "answered": gettext_lazy("answered"),
    "overdue": gettext_lazy("overdue"),
    "partly": gettext_lazy("partly answered"),
    "waiting": gettext_lazy("waiting"),
}
