from tests.matrix import Case, any_user_api, any_user_page, expect


def cases(world):
    return [
        Case("healthz", expect(200)),
        Case("core:home", expect(302)),
        Case("core:notifications", any_user_page()),
        Case("core:notifications_read_all", expect(302), method="post"),
        Case("core:notification_read", expect(404, anonymous=302), kwargs={"pk": 999999}, method="post"),
        Case(
            "accounts:login",
            expect(
                200, district=302, staff_a=302, staff_b=302, cadre1=302, cadre2=302, leader=302, admin=302
            ),
        ),
        Case("accounts:logout", expect(302), method="post"),
        Case("accounts:password_change", any_user_page()),
        Case("api-token", expect(400), method="post", api=True, data={"username": "x", "password": "y"}),
        Case("api-schema", expect(200, anonymous=401), api=True),
        Case("api-docs", any_user_page(anonymous=401)),
        Case("notification-list", any_user_api(), api=True),
        Case("notification-detail", expect(404, anonymous=401), kwargs={"pk": 999999}, api=True),
        Case("notification-read", expect(404, anonymous=401), kwargs={"pk": 999999}, api=True, method="post"),
    ]
