"""One converter for the API's errors: what a service raises reaches the client as a clear 400/409."""

from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from core.api.exceptions import exception_handler


class Raising(APIView):
    authentication_classes = ()
    permission_classes = ()
    error = None

    def post(self, request):
        raise self.error


def call(error):
    view = Raising.as_view(error=error)
    return view(APIRequestFactory().post("/x/", {}, format="json"))


def test_a_service_error_naming_fields_is_a_400_per_field():
    with translation.override("zh-hans"):
        response = call(ValidationError({"title": ["标题不能为空。"]}))
    assert response.status_code == 400
    assert response.data == {"title": ["标题不能为空。"]}


def test_a_service_error_without_fields_is_a_400_with_its_messages():
    response = call(ValidationError("这条需求已关闭。"))
    assert response.status_code == 400
    assert [str(m) for m in response.data] == ["这条需求已关闭。"]


def test_other_errors_keep_drf_handling():
    from rest_framework.exceptions import NotFound

    assert call(NotFound()).status_code == 404
    assert exception_handler(KeyError("x"), {}) is None  # a bug stays a 500, not a 400
