"""Dated roster facts: pay changes from a date, terms with start and end, the rule's part month."""

import datetime

from tertib.services.iuran.check import check_bill
from tertib.services.iuran.models import ContributionRule, Official, PayChange
from tertib.services.iuran.roster import update_official
from tertib.services.iuran.testing import lines_for, make_bill

D = datetime.date
JUNE, JULY = D(2026, 6, 1), D(2026, 7, 1)


def test_july_raise_leaves_the_open_june_bill_as_it_was(pmd):
    june = make_bill(pmd, month=JUNE)
    sutrisno = pmd.roster[0]
    PayChange.objects.create(official=sutrisno, valid_from=JULY, siltap=3_500_000)

    july = make_bill(pmd, month=JULY, amount=720_000, lines=lines_for(pmd, Sutrisno=140_000))

    assert check_bill(june).items == []
    assert check_bill(july).items == []


def test_bpjs_still_on_the_old_siltap_is_named_as_the_cause(pmd):
    PayChange.objects.create(official=pmd.roster[0], valid_from=JULY, siltap=3_500_000)

    bill = make_bill(pmd, month=JULY)

    [item] = check_bill(bill).items
    assert (item.cause, item.difference) == ("BPJS masih memakai siltap lama", -20_000)


def test_raise_from_mid_month_counts_from_the_next_month(pmd):
    PayChange.objects.create(official=pmd.roster[0], valid_from=D(2026, 7, 15), siltap=3_500_000)

    assert check_bill(make_bill(pmd, month=JULY)).items == []
    assert (
        check_bill(
            make_bill(
                pmd, month=D(2026, 8, 1), amount=720_000, lines=lines_for(pmd, Sutrisno=140_000)
            )
        ).items
        == []
    )


def newcomer(pmd, starts_on):
    return Official.objects.create(
        desa=pmd.wates,
        nik="3319045505950004",
        name="Dewi Kurnia",
        jabatan="Kaur",
        siltap=2_500_000,
        starts_on=starts_on,
        verified_by=pmd.kecamatan_staf,
        verified_at=pmd.roster[0].verified_at,
    )


def test_official_starting_on_the_20th_counts_in_full_by_default(pmd):
    newcomer(pmd, D(2026, 11, 20))

    check = check_bill(make_bill(pmd))

    assert check.expected == 800_000
    assert [item.key for item in check.items] == ["tidak_ditagih:3319045505950004"]


def test_part_month_rule_counts_only_officials_in_office_on_the_first(pmd):
    ContributionRule.objects.update(part_month=ContributionRule.PartMonth.AWAL)
    newcomer(pmd, D(2026, 11, 20))

    check = check_bill(make_bill(pmd))

    assert (check.expected, check.items) == (700_000, [])


def test_mid_month_change_of_post_takes_the_term_held_on_the_first(pmd):
    sutrisno = pmd.roster[0]
    sutrisno.ends_on = D(2026, 11, 14)
    sutrisno.save()
    Official.objects.create(
        desa=pmd.wates,
        nik=sutrisno.nik,
        name="Sutrisno",
        jabatan="Sekretaris Desa",
        siltap=2_000_000,
        starts_on=D(2026, 11, 15),
        verified_by=pmd.kecamatan_staf,
        verified_at=sutrisno.verified_at,
    )

    check = check_bill(make_bill(pmd))
    december = check_bill(
        make_bill(pmd, month=D(2026, 12, 1), amount=660_000, lines=lines_for(pmd, Sutrisno=80_000))
    )

    assert (check.expected, check.items) == (700_000, [])
    assert (december.expected, december.items) == (660_000, [])


def test_tunjangan_counts_when_the_rule_says_so(pmd):
    Official.objects.filter(pk=pmd.roster[0].pk).update(tunjangan=500_000)
    plain = check_bill(make_bill(pmd)).expected
    ContributionRule.objects.create(valid_from=D(2026, 12, 1), counts_tunjangan=True)

    counted = check_bill(make_bill(pmd, month=D(2026, 12, 1))).expected

    assert (plain, counted) == (700_000, 720_000)


def test_raise_with_a_date_is_a_pay_change_and_needs_verification(pmd):
    sutrisno = pmd.roster[0]

    update_official(official=sutrisno, actor=pmd.pelaksana, siltap=3_500_000, siltap_from=JULY)

    sutrisno.refresh_from_db()
    assert sutrisno.siltap == 3_000_000
    assert list(sutrisno.pay_changes.values_list("valid_from", "siltap")) == [(JULY, 3_500_000)]
    assert sutrisno.verified_at is None
