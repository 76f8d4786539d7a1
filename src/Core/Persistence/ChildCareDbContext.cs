using ChildCare.Core.Calendar;
using ChildCare.Core.Cases;
using ChildCare.Core.Conversations;
using ChildCare.Core.Deadlines;
using ChildCare.Core.Messaging;
using ChildCare.Core.Officials;
using ChildCare.Core.Scheduling;
using ChildCare.Core.Units;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ChildCare.Core.Persistence;

/// <summary>
/// The product's one database. Each provider has a subclass only so that each keeps its own migrations;
/// the model is defined once, here.
/// </summary>
public abstract class ChildCareDbContext(DbContextOptions options) : IdentityUserContext<OfficialAccount>(options)
{
    private bool? _isPostgres;

    public DbSet<JobRun> JobRuns => Set<JobRun>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<ChatReachability> UnreachableChats => Set<ChatReachability>();

    public DbSet<InboundUpdate> InboundUpdates => Set<InboundUpdate>();

    public DbSet<ChannelUser> ChannelUsers => Set<ChannelUser>();

    public DbSet<ChannelCredential> ChannelCredentials => Set<ChannelCredential>();

    public DbSet<Unit> Units => Set<Unit>();

    public DbSet<Official> Officials => Set<Official>();

    public DbSet<Subscription> Subscriptions => Set<Subscription>();

    public DbSet<Invite> Invites => Set<Invite>();

    public DbSet<OfficialSession> OfficialSessions => Set<OfficialSession>();

    public DbSet<DeliveryEndpoint> DeliveryEndpoints => Set<DeliveryEndpoint>();

    public DbSet<Messaging.Delivery.VapidKeyRecord> VapidKeys => Set<Messaging.Delivery.VapidKeyRecord>();

    public DbSet<Privacy.PrivacyKeyCheck> PrivacyKeyChecks => Set<Privacy.PrivacyKeyCheck>();

    public DbSet<DeadlineRule> DeadlineRules => Set<DeadlineRule>();

    public DbSet<EventTheme> EventThemes => Set<EventTheme>();

    public DbSet<Occurrence> Occurrences => Set<Occurrence>();

    public DbSet<PlanningHorizon> PlanningHorizons => Set<PlanningHorizon>();

    public DbSet<PlannedRule> PlannedRules => Set<PlannedRule>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<HolidayScheduleRecord> HolidaySchedules => Set<HolidayScheduleRecord>();

    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<ChildCase> Cases => Set<ChildCase>();

    public DbSet<CaseCounter> CaseCounters => Set<CaseCounter>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<CaseAlert> CaseAlerts => Set<CaseAlert>();

    public DbSet<CasePrompt> CasePrompts => Set<CasePrompt>();

    public DbSet<Plans.PlanDraft> PlanDrafts => Set<Plans.PlanDraft>();

    /// <summary>Whether this context runs on PostgreSQL (hand-written SQL differs a little per provider).</summary>
    /// <remarks>Asked on every hand-written statement: remembered (a pooled context keeps its options, so its provider).</remarks>
    public bool IsPostgres => _isPostgres ??= Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>An instant as this provider stores it, for hand-written SQL (SQLite keeps UTC ticks).</summary>
    public object TimeValue(DateTimeOffset instant) => IsPostgres ? instant.ToUniversalTime() : instant.UtcTicks;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseUnchainedCaseLines();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseUnchainedCaseLines();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    // A case line saved around CaseAudit would be a break in its case's chain the moment it is written.
    private void RefuseUnchainedCaseLines()
    {
        if (ChangeTracker.Entries<CaseEvent>().Any(e => e.State == EntityState.Added && e.Entity.Chain is null))
        {
            throw new InvalidOperationException("Case lines are saved through CaseAudit.SaveAsync, which chains them.");
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ChildCareDbContext).Assembly);
    }

    // Identity's schema with passkeys, whatever the options say (design-time migrations have no options).
    protected override Version SchemaVersion => IdentitySchemaVersions.Version3;

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // SQLite cannot order or compare DateTimeOffset; storing UTC ticks keeps both providers sortable.
        if (Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite")
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        }
    }
}
