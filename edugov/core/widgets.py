"""Form widgets whose words follow the page's language.

A browser draws ``<input type="file">`` with its own words in its own interface language:
a Chinese page showed "Choose File / No file chosen" in a browser set to English (issue 15,
screenshots). ``FileChooser`` keeps the real input, visually hidden inside a label that
says 选择文件, beside the names of the chosen files (``core/static/core/app.js`` fills them
in; without JavaScript the label still opens the file dialog).

``DateInput`` / ``DateTimeInput`` are the browser's date pickers with their value in ISO form:
the HTML value of ``<input type="date">`` must be ``2023-09-25``, and Django's localized
format under zh-hans (``2023/09/25``) made the browser drop it, so an edit form showed the
date empty (issue 17's helper found it on every module's edit forms).
"""

from __future__ import annotations

from django import forms


class FileChooser(forms.FileInput):
    template_name = "core/widgets/file_chooser.html"


class MultipleFileChooser(FileChooser):
    allow_multiple_selected = True


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format or "%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs, format or "%Y-%m-%dT%H:%M")
