"""A file input says 选择文件 on a Chinese page, whatever the browser's own language: the
native input drew "Choose File / No file chosen" in an English browser (issue 15,
screenshots of the import pages)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", [reverse("registry:stats_import"), reverse("workplan:plan_upload")])
def test_upload_pages_name_the_file_button_in_the_pages_language(cast, client_for, url):
    body = client_for(cast.city_admin).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    chooser = re.search(r"<span[^>]*data-file-chooser>.*?</span></span>", body, re.S)
    assert chooser, body
    html = chooser.group(0)
    assert "选择文件" in html and "未选择文件" in html
    # The real input is still there, named as the form expects, for the label to open.
    assert re.search(r'<input type="file" name="file"[^>]*id="id_file"', html)
