"""The residents' site: pages, embeds, downloads and open data, read from the published figures only."""
