"""办理进度查询: one public page on which anyone follows what they filed, by its number and the
phone they gave with it: a 12345 request, a service application taken at the window or online,
and whatever the coming domains file.

Each app registers a finder in its AppConfig.ready(): `finder(number, phone, request)` returns
the HTML of what it found, or None. The page asks each in turn, so it knows no app."""
_finders = []


def finder(fn):
    if fn not in _finders:
        _finders.append(fn)
    return fn


def find(number, phone, request):
    for fn in _finders:
        html = fn(number, phone, request)
        if html:
            return html
    return None
