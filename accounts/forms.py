from django.contrib.auth import forms as auth_forms

from . import services


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form; the change goes through ``accounts.services.password_change``."""

    def save(self, commit=True):
        if commit:
            return services.password_change(
                user=self.user, new_password=self.cleaned_data["new_password1"]
            )
        self.user.set_password(self.cleaned_data["new_password1"])
        self.user.must_change_password = False
        return self.user
