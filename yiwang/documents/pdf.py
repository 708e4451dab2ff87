"""Printed documents: HTML templates rendered to PDF by WeasyPrint with the product's own CJK
font (so they print the same on a server without CJK fonts) and a QR code to follow the case."""
import base64
import io
import pathlib

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string

FONT_DIR = pathlib.Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "YiwangSans"


def font_css():
    faces = []
    for weight, name in ((400, "Regular"), (700, "Bold")):
        path = (FONT_DIR / f"NotoSansSC-{name}-GB2312.woff2").as_uri()
        faces.append(f"@font-face {{ font-family: {FONT_FAMILY}; font-weight: {weight}; src: url('{path}'); }}")
    return "\n".join(faces)


def qr_data_uri(text):
    """A QR code as an SVG data URI, for <img src=...> in a printed page."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render_pdf(template_name, context):
    from weasyprint import HTML  # imported late: loading Pango costs a noticeable moment

    html = render_to_string(template_name, {**context, "font_css": font_css(), "font_family": FONT_FAMILY})
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
