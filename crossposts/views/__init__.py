"""Staff pages (views.staff) and the cadre's phone pages under /m/ (views.mobile)."""
