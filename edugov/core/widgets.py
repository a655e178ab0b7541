"""Form widgets whose words follow the page's language.

A browser draws ``<input type="file">`` with its own words in its own interface language:
a Chinese page showed "Choose File / No file chosen" in a browser set to English (issue 15,
screenshots). ``FileChooser`` keeps the real input, visually hidden inside a label that
says 选择文件, beside the names of the chosen files (``core/static/core/app.js`` fills them
in; without JavaScript the label still opens the file dialog).
"""

from __future__ import annotations

from django import forms


class FileChooser(forms.FileInput):
    template_name = "core/widgets/file_chooser.html"


class MultipleFileChooser(FileChooser):
    allow_multiple_selected = True
