"""Request checks every view relies on."""

from __future__ import annotations

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "请求地址或参数中含有空字符（NUL），已拒绝。"


class RejectNulMiddleware:
    """A path or query parameter holding a NUL character is refused (400) before any view runs.

    No stored value holds one, PostgreSQL cannot even compare text with one (it raises), and
    views filter on raw query parameters (the API's filters, the workbench search) and on
    path parts (``/track/<code>/``). Forms already refuse NUL in their fields; this covers
    what reaches a query without a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any("\x00" in k or any("\x00" in v for v in vs)
                                        for k, vs in request.GET.lists()):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)  # as the API's other errors
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
