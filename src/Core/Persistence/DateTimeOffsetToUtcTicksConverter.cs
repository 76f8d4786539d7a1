using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChildCare.Core.Persistence;

/// <summary>Stores an instant as UTC ticks so SQLite can compare and order it; read back as UTC.</summary>
internal sealed class DateTimeOffsetToUtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
