"""Search of the catalogue by code or by words of the name, accents and case ignored."""

import unicodedata

from django.shortcuts import render

from indicators.models import CURRENT_EDITION, Indicator


def folded(text: str) -> str:
    """Lower case without accents, so "ludnosc" matches "ludność" and "strasse" matches "Straße"."""
    text = text.casefold().translate(str.maketrans({"ł": "l", "ø": "o", "đ": "d"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        words = folded(query).split()
        for indicator in Indicator.objects.of_edition(CURRENT_EDITION).select_related("theme"):
            name = folded(indicator.name)
            if indicator.code.casefold() == query.casefold() or all(word in name for word in words):
                results.append(indicator)
        results.sort(key=lambda i: (i.code.casefold() != query.casefold(), i.sort_key))
    return render(request, "public/search.html", {"query": query, "results": results})
