"""Staff login with throttling per account and per client address (:mod:`gongkai.site.throttle`)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from . import throttle


class LoginView(auth_views.LoginView):
    template_name = "cases/login.html"

    def post(self, request, *args, **kwargs):
        username = request.POST.get("username", "")[:150]
        if throttle.login_blocked(username, throttle.client_ip(request)):
            form = self.get_form_class()(request, initial={"username": username})  # unbound: no password tried
            form.cleaned_data = {}
            form.add_error(None, throttle.blocked_message())
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        throttle.login_failed(self.request.POST.get("username", "")[:150], throttle.client_ip(self.request))
        return super().form_invalid(form)

    def form_valid(self, form):
        throttle.login_succeeded(form.get_user().get_username())
        return super().form_valid(form)
