-- The street dashboard's figures for one street and one period in ONE hand-written query:
-- the floor the ORM dashboard (reports.figures.compute + visits_by_month + coverage_by_building)
-- is compared with in bench/run.py. Same definitions as reports/figures.py (visits by their own
-- street column, crossposts_visit.street_id, and assignments by theirs and their due_on, as the ORM does):
--   %(street)s  street id           %(start)s/%(end)s  period bounds, [start, end) aware timestamps
--   %(now)s     now                 %(events_end)s     least(end, now)
--   %(today)s   local date today    %(start_of_today)s local midnight today (aware)
--   %(since90)s now - 90 days       %(since60)s        today - 60 days (date)
--   %(year)s    the period's last year (building-group ratings)
WITH active_orgs AS (
    SELECT o.id, o.building_id
    FROM organizations_twoneworganization o
    WHERE o.street_id = %(street)s AND o.archived_at IS NULL AND o.status = 'active'
),
period_visits AS (
    SELECT v.organization_id, v.visited_at
    FROM crossposts_visit v
    WHERE v.street_id = %(street)s AND v.visited_at >= %(start)s AND v.visited_at < %(end)s
),
visited AS (SELECT DISTINCT organization_id FROM period_visits),
street_needs AS (
    SELECT n.category, n.status, n.created, n.resolved_at, n.due_at
    FROM needs_need n
    WHERE n.street_id = %(street)s AND n.archived_at IS NULL
),
held_events AS (
    SELECT e.kind FROM events_event e
    WHERE e.street_id = %(street)s AND e.archived_at IS NULL AND e.status IN ('published', 'done')
      AND e.starts_at >= %(start)s AND e.starts_at < %(events_end)s
),
teams AS (
    SELECT t.id FROM volunteers_volunteerteam t
    WHERE t.street_id = %(street)s AND t.active AND t.archived_at IS NULL
)
SELECT
    (SELECT count(*) FROM active_orgs) AS organizations,
    (SELECT count(*) FROM period_visits) AS visits,
    (SELECT count(*) FROM active_orgs a JOIN visited ON visited.organization_id = a.id) AS organizations_visited,
    (SELECT count(*) FROM street_needs WHERE created >= %(start)s AND created < %(end)s) AS needs_raised,
    (SELECT count(*) FROM street_needs WHERE status IN ('resolved', 'closed')
        AND resolved_at >= %(start)s AND resolved_at < %(end)s) AS needs_handled,
    (SELECT count(*) FROM held_events WHERE kind = 'party_day') AS party_day_events,
    (SELECT count(*) FROM held_events WHERE kind <> 'party_day') AS other_events,
    (SELECT count(*) FROM teams) AS volunteer_teams,
    (SELECT count(*) FROM volunteers_volunteer v
        WHERE v.street_id = %(street)s AND v.archived_at IS NULL) AS volunteers,
    (SELECT coalesce(sum(r.residents), 0) FROM organizations_residentialarea r
        WHERE r.street_id = %(street)s) AS residents,
    (SELECT count(*) FROM crossposts_assignment s
        JOIN active_orgs a ON a.id = s.organization_id
        WHERE s.street_id = %(street)s AND s.active
          AND ((s.last_visited_on IS NULL AND s.created < %(start_of_today)s)
               OR s.due_on < %(today)s)) AS overdue_assignments,
    (SELECT count(*) FROM street_needs
        WHERE status IN ('submitted', 'accepted', 'matched', 'in_progress') AND due_at < %(now)s) AS breached_needs,
    (SELECT count(*) FROM active_orgs a WHERE NOT EXISTS (
        SELECT 1 FROM crossposts_visit v WHERE v.organization_id = a.id AND v.street_id = %(street)s
          AND v.visited_at >= %(since90)s)
    ) AS not_visited_90_days,
    (SELECT count(*) FROM teams t WHERE NOT EXISTS (
        SELECT 1 FROM volunteers_servicerecord r WHERE r.team_id = t.id AND r.date >= %(since60)s)
    ) AS idle_teams,
    (SELECT json_object_agg(category, json_build_array(raised, handled)) FROM (
        SELECT category,
               count(*) FILTER (WHERE created >= %(start)s AND created < %(end)s) AS raised,
               count(*) FILTER (WHERE status IN ('resolved', 'closed')
                                AND resolved_at >= %(start)s AND resolved_at < %(end)s) AS handled
        FROM street_needs GROUP BY category) c) AS needs_by_category,
    (SELECT json_object_agg(stars, n) FROM (
        SELECT g.stars, count(*) AS n FROM volunteers_buildinggrouprating g
        JOIN volunteers_buildinggroup b ON b.id = g.building_group_id
        JOIN organizations_residentialarea r ON r.id = b.residential_area_id
        WHERE r.street_id = %(street)s AND g.year = %(year)s GROUP BY g.stars) s) AS stars,
    (SELECT json_object_agg(month, n) FROM (
        SELECT to_char(date_trunc('month', visited_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM') AS month,
               count(*) AS n
        FROM period_visits GROUP BY 1) m) AS visits_by_month,
    (SELECT json_agg(json_build_array(name, total, seen) ORDER BY name) FROM (
        SELECT b.name, count(*) AS total, count(visited.organization_id) AS seen
        FROM active_orgs a
        JOIN organizations_building b ON b.id = a.building_id
        LEFT JOIN visited ON visited.organization_id = a.id
        GROUP BY b.name) c) AS coverage_by_building
