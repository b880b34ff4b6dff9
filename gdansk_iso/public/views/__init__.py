"""The residents' pages by family: themes, indicators, the ISO 37120 table, search, embeds, downloads.

Every value shown or offered comes from selectors.published_values (published only). Each page reads
a fixed number of queries whatever the number of years, indicators or cities; pages are cached until
the data version moves (indicators.site_cache). Certificates and coverage are added to the pages by the
certification app's template tags: these views know nothing of them.
"""
