"""One upload rule everywhere: a file whose content is not what its name says is refused in the
hall, on work orders and on the grid inspector's page alike, and a set of files is stored whole
or not at all."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yiwang.documents import uploads
from yiwang.errors import ActionRefused
from yiwang.orgs.models import Unit
from yiwang.workorders import services
from yiwang.workorders.models import Attachment, Category, WorkOrder

from ..conftest import dispatched, make_user, picture

FAKE_PDF = SimpleUploadedFile("fake.pdf", b"MZ\x90\x00" + b"\x00" * 200)
TEXT_AS_JPG = SimpleUploadedFile("text-as.jpg", "这其实是一段文字".encode() * 10)
REAL_PDF = SimpleUploadedFile("real.pdf", b"%PDF-1.4\n" + b"0" * 50)


def fresh(f):
    f.seek(0)
    return SimpleUploadedFile(f.name, f.read())


@pytest.mark.parametrize("upload, allowed, ok", [
    (FAKE_PDF, ["pdf"], False), (TEXT_AS_JPG, ["jpg"], False), (REAL_PDF, ["pdf"], True),
    (SimpleUploadedFile("run.txt", b"#!/bin/sh\nrm -rf /"), ["txt"], False),
    (SimpleUploadedFile("note.txt", "备注".encode()), ["txt"], True),
    (SimpleUploadedFile("broken.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100), ["jpg"], False),  # a header, no picture
    (SimpleUploadedFile("x.exe", b"MZ"), ["pdf"], False),
])
def test_the_rule(upload, allowed, ok):
    assert (uploads.problem(fresh(upload), allowed=allowed, max_bytes=10_000) is None) == ok


def test_a_real_picture_passes(db):
    assert uploads.problem(picture("p.png"), allowed=["png"], max_bytes=10_000) is None
    assert uploads.problem(picture("p.jpg"), allowed=["jpg"], max_bytes=10_000) is None


def test_a_work_order_refuses_a_fake_pdf_and_a_text_named_jpg(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    order = dispatched(org)
    for bad in (FAKE_PDF, TEXT_AS_JPG):
        with pytest.raises(ActionRefused, match="不是真正的"):
            services.add_attachments(order=order, actor=org.agent, files=[fresh(bad)])
    assert not Attachment.objects.exists()


def test_several_files_are_stored_whole_or_not_at_all(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1000
    order = dispatched(org)
    client.force_login(org.agent)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    response = client.post(f"/orders/{order.number}/attach/", {"files": [picture("photo.jpg"), big]}, follow=True)
    assert "big.pdf" in response.content.decode() and not Attachment.objects.exists()
    client.post(f"/orders/{order.number}/attach/", {"files": [picture("photo.jpg"), fresh(REAL_PDF)]})
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["photo.jpg", "real.pdf"]
    assert order.events.filter(action="attach").count() == 2


def test_the_grid_photo_must_be_a_picture(org, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Category.objects.create(name="占道经营", parent=org.category)
    grid = Unit.objects.create(code="G1", name="松林一网格", kind="grid", parent=org.community)
    inspector = make_user("inspector", ["inspector"], grid)
    client.force_login(inspector)
    category = Category.objects.get(name="占道经营")
    form = {"category": category.pk, "address": "松林路88号"}
    page = client.post("/grid/report/", dict(form, photo=fresh(TEXT_AS_JPG))).content.decode()
    assert "不是真正的 .jpg 文件" in page and not WorkOrder.objects.exists()
    client.post("/grid/report/", dict(form, photo=picture("photo.jpg")))
    assert WorkOrder.objects.get().attachments.count() == 1


def test_a_citizen_may_not_attach_a_hundred_files(client, org, settings):
    settings.ATTACHMENT_MAX_FILES = 3
    files = [picture(f"p{i}.jpg") for i in range(4)]
    page = client.post("/public/", {"order_type": "help", "title": "路灯", "body": "路灯不亮", "caller_name": "张",
                                    "caller_phone": "13905310001", "files": files}).content.decode()
    assert "最多可上传 3 个附件" in page and not WorkOrder.objects.exists()
