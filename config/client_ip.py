"""The client's address for rate limits, django-axes and the login audit.

django-axes reads X-Forwarded-For only through django-ipware, which is not installed: without
this, every visitor behind the TLS proxy had the proxy's address (one shared lockout and rate
limit bucket for everyone). AXES_PROXY_COUNT=N says N trusted proxies append to
X-Forwarded-For (nginx's `proxy_add_x_forwarded_for`): the address the outermost of them saw is
the N-th from the right; anything further left was written by the client and is ignored."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if not count:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if len(hops) < count:
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
