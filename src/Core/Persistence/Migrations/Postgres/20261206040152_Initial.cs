using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChildCare.Core.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_counters",
                columns: table => new
                {
                    case_year = table.Column<int>(type: "integer", nullable: false),
                    last_sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_counters", x => x.case_year);
                });

            migrationBuilder.CreateTable(
                name: "case_prompts",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    argument = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_prompts", x => new { x.channel, x.chat_id });
                });

            migrationBuilder.CreateTable(
                name: "channel_credentials",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    sealed_access_token = table.Column<byte[]>(type: "bytea", nullable: false),
                    sealed_refresh_token = table.Column<byte[]>(type: "bytea", nullable: false),
                    access_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_credentials", x => x.channel);
                });

            migrationBuilder.CreateTable(
                name: "channel_users",
                columns: table => new
                {
                    chat_id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    external_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_inbound_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sealed_phone = table.Column<byte[]>(type: "bytea", nullable: true),
                    pending_choices = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_channel_users", x => x.chat_id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    sealed_state = table.Column<byte[]>(type: "bytea", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    has_draft = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => new { x.channel, x.chat_id });
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xml = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_edits",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    subject = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_edits", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_guidance",
                columns: table => new
                {
                    topic = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    text = table.Column<string>(type: "character varying(3000)", maxLength: 3000, nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_guidance", x => new { x.topic, x.language });
                });

            migrationBuilder.CreateTable(
                name: "directory_hotlines",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shipped_number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    name_vi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    province_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    hours = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    cost = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    last_checked = table.Column<DateOnly>(type: "date", nullable: false),
                    purpose_vi = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    purpose_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_hotlines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_places",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    province_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    commune = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_vi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    hours = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    last_checked = table.Column<DateOnly>(type: "date", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_places", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "directory_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_version", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "holiday_schedules",
                columns: table => new
                {
                    year = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holiday_schedules", x => x.year);
                });

            migrationBuilder.CreateTable(
                name: "inbound_updates",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    update_id = table.Column<long>(type: "bigint", nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: true),
                    sealed_payload = table.Column<byte[]>(type: "bytea", nullable: true),
                    payload = table.Column<string>(type: "text", nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbound_updates", x => new { x.channel, x.update_id });
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FireInstanceId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Node = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "officials",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    display_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    is_administrator = table.Column<bool>(type: "boolean", nullable: false),
                    last_signed_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_officials", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    sealed_text = table.Column<byte[]>(type: "bytea", nullable: true),
                    sealed_keyboard = table.Column<byte[]>(type: "bytea", nullable: true),
                    text = table.Column<string>(type: "text", nullable: true),
                    keyboard = table.Column<string>(type: "text", nullable: true),
                    disable_link_preview = table.Column<bool>(type: "boolean", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    purpose = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    dedup_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    lease_owner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    lease_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    provider_message_id = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "plan_drafts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: true),
                    title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    items_json = table.Column<string>(type: "text", nullable: false),
                    pasted_text = table.Column<string>(type: "text", nullable: true),
                    edited = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_drafts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "planning_horizon",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    planned_through = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planning_horizon", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    parent_id = table.Column<long>(type: "bigint", nullable: true),
                    name_vi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    name_en = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    emergency_hours = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.id);
                    table.ForeignKey(
                        name: "FK_units_units_parent_id",
                        column: x => x.parent_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "unreachable_chats",
                columns: table => new
                {
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    chat_id = table.Column<long>(type: "bigint", nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unreachable_chats", x => new { x.channel, x.chat_id });
                });

            migrationBuilder.CreateTable(
                name: "vapid_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    public_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    sealed_private_key = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vapid_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "delivery_endpoints",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    official_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    address = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    sealed_keys = table.Column<byte[]>(type: "bytea", nullable: true),
                    action_secret_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sealed_action_secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_delivery_endpoints", x => x.id);
                    table.ForeignKey(
                        name: "FK_delivery_endpoints_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_accounts",
                columns: table => new
                {
                    id = table.Column<string>(type: "text", nullable: false),
                    official_id = table.Column<long>(type: "bigint", nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_accounts", x => x.id);
                    table.ForeignKey(
                        name: "FK_official_accounts_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_sessions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    token_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    official_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_sessions", x => x.id);
                    table.ForeignKey(
                        name: "FK_official_sessions_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    submission_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reporter_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    stage = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    province_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    commune = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    danger_now = table.Column<bool>(type: "boolean", nullable: false),
                    age_band = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    child_sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    suspect = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    anonymous = table.Column<bool>(type: "boolean", nullable: false),
                    contact_consent = table.Column<bool>(type: "boolean", nullable: false),
                    photo_count = table.Column<int>(type: "integer", nullable: false),
                    sealed_details = table.Column<byte[]>(type: "bytea", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: true),
                    routed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    risk = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    assignee_id = table.Column<long>(type: "bigint", nullable: true),
                    assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    emergency_hours = table.Column<int>(type: "integer", nullable: false),
                    plan_due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    emergency_started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    plan_made_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    referred_to_unit_id = table.Column<long>(type: "bigint", nullable: true),
                    version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                    table.ForeignKey(
                        name: "FK_cases_units_referred_to_unit_id",
                        column: x => x.referred_to_unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_cases_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "deadline_rules",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    title_vi = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    title_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    recurrence = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    lead_days = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    valid_from = table.Column<DateOnly>(type: "date", nullable: true),
                    valid_until = table.Column<DateOnly>(type: "date", nullable: true),
                    plan_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    plan_title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    source = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    planned_version = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deadline_rules", x => x.id);
                    table.ForeignKey(
                        name: "FK_deadline_rules_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "invites",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code_hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    max_uses = table.Column<int>(type: "integer", nullable: false),
                    uses = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_invites", x => x.id);
                    table.ForeignKey(
                        name: "FK_invites_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    official_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: false),
                    role = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "FK_subscriptions_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_subscriptions_units_unit_id",
                        column: x => x.unit_id,
                        principalTable: "units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_account_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_account_claims", x => x.id);
                    table.ForeignKey(
                        name: "FK_official_account_claims_official_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "official_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_account_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    provider_key = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_account_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "FK_official_account_logins_official_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "official_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_account_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    login_provider = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_account_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "FK_official_account_tokens_official_accounts_user_id",
                        column: x => x.user_id,
                        principalTable: "official_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "official_passkeys",
                columns: table => new
                {
                    credential_id = table.Column<byte[]>(type: "bytea", maxLength: 1024, nullable: false),
                    account_id = table.Column<string>(type: "text", nullable: false),
                    data = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_official_passkeys", x => x.credential_id);
                    table.ForeignKey(
                        name: "FK_official_passkeys_official_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "official_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "case_alerts",
                columns: table => new
                {
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_alerts", x => new { x.case_id, x.kind });
                    table.ForeignKey(
                        name: "FK_case_alerts_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    detail = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    sealed_text = table.Column<byte[]>(type: "bytea", nullable: true),
                    sequence = table.Column<int>(type: "integer", nullable: true),
                    chain = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_case_events_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "event_themes",
                columns: table => new
                {
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    theme_vi = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    theme_en = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_themes", x => new { x.rule_id, x.year });
                    table.ForeignKey(
                        name: "FK_event_themes_deadline_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "deadline_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "occurrences",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    rule_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_id = table.Column<long>(type: "bigint", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    backfilled = table.Column<bool>(type: "boolean", nullable: false),
                    done_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    done_by_official_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_occurrences", x => x.id);
                    table.ForeignKey(
                        name: "FK_occurrences_deadline_rules_rule_id",
                        column: x => x.rule_id,
                        principalTable: "deadline_rules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reminders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    occurrence_id = table.Column<long>(type: "bigint", nullable: false),
                    official_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    lead_days = table.Column<int>(type: "integer", nullable: false),
                    send_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    late = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reminders", x => x.id);
                    table.ForeignKey(
                        name: "FK_reminders_occurrences_occurrence_id",
                        column: x => x.occurrence_id,
                        principalTable: "occurrences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_reminders_officials_official_id",
                        column: x => x.official_id,
                        principalTable: "officials",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "directory_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_id",
                table: "case_events",
                columns: new[] { "case_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_sequence",
                table: "case_events",
                columns: new[] { "case_id", "sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_code",
                table: "cases",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_referred_to_unit_id",
                table: "cases",
                column: "referred_to_unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_reporter_key_received_at",
                table: "cases",
                columns: new[] { "reporter_key", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_stage_received_at",
                table: "cases",
                columns: new[] { "stage", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_submission_id",
                table: "cases",
                column: "submission_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_unit_id",
                table: "cases",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_channel_users_channel_external_id",
                table: "channel_users",
                columns: new[] { "channel", "external_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_conversations_has_draft_updated_at",
                table: "conversations",
                columns: new[] { "has_draft", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "IX_deadline_rules_code",
                table: "deadline_rules",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_deadline_rules_unit_id",
                table: "deadline_rules",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_delivery_endpoints_address",
                table: "delivery_endpoints",
                column: "address",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_delivery_endpoints_official_id",
                table: "delivery_endpoints",
                column: "official_id");

            migrationBuilder.CreateIndex(
                name: "IX_directory_edits_at",
                table: "directory_edits",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_directory_hotlines_shipped_number",
                table: "directory_hotlines",
                column: "shipped_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_directory_places_province_code_commune",
                table: "directory_places",
                columns: new[] { "province_code", "commune" });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_chat_open",
                table: "inbound_updates",
                columns: new[] { "channel", "chat_id", "received_at", "update_id" },
                filter: "status IN (0, 1)");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_claim",
                table: "inbound_updates",
                columns: new[] { "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_invites_code_hash",
                table: "invites",
                column: "code_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_invites_unit_id",
                table: "invites",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_JobName_StartedAt",
                table: "job_runs",
                columns: new[] { "JobName", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_StartedAt",
                table: "job_runs",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_occurrences_due_date_status",
                table: "occurrences",
                columns: new[] { "due_date", "status" },
                filter: "NOT backfilled");

            migrationBuilder.CreateIndex(
                name: "IX_occurrences_rule_id_due_date",
                table: "occurrences",
                columns: new[] { "rule_id", "due_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_occurrences_unit_id_due_date",
                table: "occurrences",
                columns: new[] { "unit_id", "due_date" });

            migrationBuilder.CreateIndex(
                name: "IX_official_account_claims_user_id",
                table: "official_account_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_official_account_logins_user_id",
                table: "official_account_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "official_accounts",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "IX_official_accounts_official_id",
                table: "official_accounts",
                column: "official_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "official_accounts",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_official_passkeys_account_id",
                table: "official_passkeys",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_expires_at",
                table: "official_sessions",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_official_id_kind",
                table: "official_sessions",
                columns: new[] { "official_id", "kind" });

            migrationBuilder.CreateIndex(
                name: "IX_official_sessions_token_hash",
                table: "official_sessions",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_officials_channel_chat_id",
                table: "officials",
                columns: new[] { "channel", "chat_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_claim",
                table: "outbox_messages",
                columns: new[] { "status", "priority", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_channel_chat_id_status",
                table: "outbox_messages",
                columns: new[] { "channel", "chat_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_created_at",
                table: "outbox_messages",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_dedup_key",
                table: "outbox_messages",
                column: "dedup_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_drafts_channel_chat_id",
                table: "plan_drafts",
                columns: new[] { "channel", "chat_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plan_drafts_updated_at",
                table: "plan_drafts",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "IX_reminders_occurrence_id_official_id_kind_lead_days",
                table: "reminders",
                columns: new[] { "occurrence_id", "official_id", "kind", "lead_days" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reminders_official_id",
                table: "reminders",
                column: "official_id");

            migrationBuilder.CreateIndex(
                name: "IX_reminders_status_send_at",
                table: "reminders",
                columns: new[] { "status", "send_at" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_official_id_unit_id_role",
                table: "subscriptions",
                columns: new[] { "official_id", "unit_id", "role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_unit_id_role",
                table: "subscriptions",
                columns: new[] { "unit_id", "role" });

            migrationBuilder.CreateIndex(
                name: "IX_units_code",
                table: "units",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_units_parent_id",
                table: "units",
                column: "parent_id");

            // The case record refuses change in the database itself, and a case takes its number as its intake
            // commits (Persistence/AuditTriggers.cs). occurrences.rule_id has no database key (PostgresMigrationsSqlGenerator).
            AuditTriggers.CreatePostgres(migrationBuilder);
            AuditTriggers.CreateCaseNumbersPostgres(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditTriggers.DropCaseNumbersPostgres(migrationBuilder);
            AuditTriggers.DropPostgres(migrationBuilder);

            migrationBuilder.DropTable(
                name: "case_alerts");

            migrationBuilder.DropTable(
                name: "case_counters");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "case_prompts");

            migrationBuilder.DropTable(
                name: "channel_credentials");

            migrationBuilder.DropTable(
                name: "channel_users");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "delivery_endpoints");

            migrationBuilder.DropTable(
                name: "directory_edits");

            migrationBuilder.DropTable(
                name: "directory_guidance");

            migrationBuilder.DropTable(
                name: "directory_hotlines");

            migrationBuilder.DropTable(
                name: "directory_places");

            migrationBuilder.DropTable(
                name: "directory_version");

            migrationBuilder.DropTable(
                name: "event_themes");

            migrationBuilder.DropTable(
                name: "holiday_schedules");

            migrationBuilder.DropTable(
                name: "inbound_updates");

            migrationBuilder.DropTable(
                name: "invites");

            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "official_account_claims");

            migrationBuilder.DropTable(
                name: "official_account_logins");

            migrationBuilder.DropTable(
                name: "official_account_tokens");

            migrationBuilder.DropTable(
                name: "official_passkeys");

            migrationBuilder.DropTable(
                name: "official_sessions");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "plan_drafts");

            migrationBuilder.DropTable(
                name: "planning_horizon");

            migrationBuilder.DropTable(
                name: "reminders");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "unreachable_chats");

            migrationBuilder.DropTable(
                name: "vapid_keys");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "official_accounts");

            migrationBuilder.DropTable(
                name: "occurrences");

            migrationBuilder.DropTable(
                name: "officials");

            migrationBuilder.DropTable(
                name: "deadline_rules");

            migrationBuilder.DropTable(
                name: "units");
        }
    }
}
