"""Progress toward the city's targets: targets as data (published through the values' workflow) and
Open SDG's published method of rating every indicator's progress from published figures."""
