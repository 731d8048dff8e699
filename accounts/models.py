"""Portal users: each has a role and belongs to a street or to the district."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal account with its role and the street or district it works for."""

    class Role(models.TextChoices):
        DISTRICT = "district", _("District office")
        STAFF = "staff", _("Street-office staff")
        CADRE = "cadre", _("Cross-post cadre")
        LEADER = "leader", _("Volunteer-team leader")
        ADMIN = "admin", _("Administrator")

    # Roles whose work is inside one street.
    STREET_ROLES = (Role.STAFF, Role.CADRE, Role.LEADER)

    name = models.CharField(_("name"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STAFF)
    district = models.ForeignKey(
        "organizations.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("district"),
    )
    street = models.ForeignKey(
        "organizations.Street",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("street"),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_street_role_has_street",
                condition=~Q(role__in=["staff", "cadre", "leader"]) | Q(street__isnull=False),
                violation_error_message=_("Staff, cadres and team leaders belong to a street."),
            ),
            models.CheckConstraint(
                name="user_district_role_has_district",
                condition=~Q(role="district") | Q(district__isnull=False),
                violation_error_message=_("A district-office user belongs to a district."),
            ),
        ]

    def __str__(self):
        return self.name or self.username

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    # Role tests used by the scope rules and the permission mixins.
    @property
    def is_portal_admin(self) -> bool:
        return self.is_superuser or self.role == self.Role.ADMIN

    @property
    def is_district(self) -> bool:
        return self.role == self.Role.DISTRICT and not self.is_portal_admin

    @property
    def is_street_staff(self) -> bool:
        return self.role == self.Role.STAFF and not self.is_portal_admin

    @property
    def is_cadre(self) -> bool:
        return self.role == self.Role.CADRE and not self.is_portal_admin

    @property
    def is_team_leader(self) -> bool:
        return self.role == self.Role.LEADER and not self.is_portal_admin

    @property
    def can_read_street_records(self) -> bool:
        """Staff, district and admin read the street-wide lists and figures."""
        return self.is_portal_admin or self.role in (self.Role.DISTRICT, self.Role.STAFF)

    @property
    def can_view_ledger(self) -> bool:
        """Cadres also open the ledger, limited by scope to their assigned organizations."""
        return self.can_read_street_records or self.role == self.Role.CADRE

    @property
    def can_manage_street_records(self) -> bool:
        """Staff (own street) and admins change street records; the district only reads."""
        return self.is_portal_admin or self.role == self.Role.STAFF
