"""Which column of an imported sheet means what, one job a module:

- ``headers``: header spellings made comparable, column letters, duplicate headers;
- ``fields``: the synonym table of each field, per import kind;
- ``required``: which fields an import kind cannot do without;
- ``map_option``: the ``--map "Header=target"`` overrides, checked;
- ``field_matching``: header → {field: column} (roster, credits, practice);
- ``canvas``: Canvas gradebook column classes (info, ``Title (id)``, computed totals);
- ``assessments``: gradebook columns → assessments (mapping, id, title, fuzzy title);
- ``kind``: which import kind a header row looks like.
"""
