-- ChildCare on PostgreSQL: an account for the application with fewer rights than the owner.
--
-- The owner (the account in ConnectionStrings:ChildCareMigrations) creates the database and every table and
-- applies migrations; the application (ConnectionStrings:ChildCare) reads and writes, but may only add to and
-- read the case record: no UPDATE, DELETE or TRUNCATE on case_events, whatever code runs as it.
--
-- Run once, as the owner or a superuser, connected to the product's database, after the Bot (or a Scheduler)
-- has started once with the owner's connection string, so that every table exists:
--
--   psql "host=db.internal dbname=childcare user=childcare" \
--        -v app_role=childcare_app -v app_password='…' -v owner_role=childcare \
--        -f scripts/postgres-app-role.sql
--
-- Then give every node ConnectionStrings__ChildCare with Username=childcare_app and
-- ConnectionStrings__ChildCareMigrations with the owner's account. Tables later migrations create get the same
-- rights through the default privileges below. Hangfire's jobs are in the schema hangfire: the application reads and
-- writes their rows; its schema is made and upgraded by the owner's account at start.

CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password';
GRANT USAGE ON SCHEMA public TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app_role";
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON case_events FROM :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";
CREATE SCHEMA IF NOT EXISTS hangfire AUTHORIZATION :"owner_role";
GRANT USAGE ON SCHEMA hangfire TO :"app_role";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA hangfire TO :"app_role";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA hangfire TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA hangfire GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_role";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner_role" IN SCHEMA hangfire GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app_role";
