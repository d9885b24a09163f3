"""Reading a survey folder: files found, decoded, parsed and mapped onto the catalog.

    folder        the survey folder -> one Survey (meetups, counts, catalog, texts): load_survey
    discovery     which files are polls of which meetup: naming conventions, index.yaml
    precedence    which source of a meetup's title, date, group, headcount wins
    counts        a meetup's count rows: bases, how it was polled, who was asked
    catalog       the question catalog (stable question and option ids, wordings seen)
    tally         show-of-hands tallies (YAML)
    form_exports  one form export (CSV/XLSX) -> counts per question and option
    formats/      which form tool wrote an export, and its header conventions
    sheet         a CSV or XLSX file as a table of text cells with positions
    encoding      UTF-8 (with or without BOM), cp1250, Mac Roman
    mapping       export columns matched to catalog questions and options
    privacy       identifying columns dropped on read, free text redacted
    validate      figures such as "~80" or "85%", duplicate rows
    check         the survey-check summary, one line per meetup
"""
