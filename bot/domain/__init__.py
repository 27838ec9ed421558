"""The rules of the work, free of any chat: the report form, quick reports, numbers and phones,
who may see what, summaries, exports, roster and target imports.
"""
