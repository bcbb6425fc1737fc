"""GET /_antq/layer/<name>.json: a map's boundary layer, as its traces name it (antq/figures/layers.py),
sent from memory, compressed when the browser takes gzip, cacheable for a year by that browser alone
(the name carries a hash of the content). Only to a signed-in browser, like the pages; under the
identity-provider method the app's own screen signs people in and the layers are sent as the pages are.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from antq.auth import accounts, sessions
from antq.figures import layers
from antq.server.static_cache import accepts_gzip
from antq.store import StoreUnavailable

CACHE_CONTROL = "private, immutable, max-age=31536000"


def _signed_in(request: Request) -> bool:
    try:
        if accounts.settings()["method"] == "oidc":
            return True
    except accounts.AccountError:
        return False
    try:
        checked = sessions.check(request.cookies.get(sessions.COOKIE))
    except StoreUnavailable:
        return False
    return checked.access is not None


async def layer(request: Request) -> Response:
    if not _signed_in(request):
        return Response(status_code=403)
    found = layers.body(request.url.path)
    if found is None:
        return Response(status_code=404)
    headers = {"cache-control": CACHE_CONTROL, "vary": "Accept-Encoding"}
    if accepts_gzip(request.scope):
        return Response(found.compressed, media_type="application/json", headers={**headers, "content-encoding": "gzip"})
    return Response(found.text, media_type="application/json", headers=headers)


ROUTES = [Route(layers.PREFIX + "{name}", layer, methods=["GET"])]
