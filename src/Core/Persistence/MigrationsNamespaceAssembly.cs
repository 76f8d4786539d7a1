using System.Buffers.Binary;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace ChildCare.Core.Persistence;

/// <summary>
/// Finds the migrations and the model snapshot among the types of <see cref="Namespace"/> only, where README's
/// "Adding a migration" puts them. EF Core's own look-up loads every type of ChildCare.Core to find them, and with
/// them Npgsql and the other provider's compiled model even on SQLite: on the embedded default about 2 MB more at
/// start (issue 21). The type names are read from the assembly's metadata, and only the types of that namespace
/// are loaded; then EF Core's rules apply as before (a <see cref="Migration"/> with this context's
/// <see cref="DbContextAttribute"/>, ordered by <see cref="MigrationAttribute"/> id). MigrationsLookupTests checks that
/// both look-ups find the same migrations; without the assembly's file (a single-file publish) it is EF Core's.
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF Core's internal API; its overridable look-ups are what this replaces.
internal sealed class MigrationsNamespaceAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    /// <summary>The namespace of both providers' migrations (README, "Adding a migration": --namespace).</summary>
    public const string Namespace = "ChildCare.Core.Persistence.Migrations";

    private readonly Type contextType = currentContext.Context.GetType();
    private IReadOnlyList<TypeInfo>? candidates;
    private IReadOnlyDictionary<string, TypeInfo>? migrations;
    private ModelSnapshot? snapshot;
    private bool snapshotLookedUp;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations
    {
        get
        {
            if (migrations is not null)
            {
                return migrations;
            }

            if (Candidates() is not { } types)
            {
                return migrations = base.Migrations;
            }

            var found = new SortedList<string, TypeInfo>(StringComparer.Ordinal);
            foreach (var type in types)
            {
                if (type.IsSubclassOf(typeof(Migration)) && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType
                    && type.GetCustomAttribute<MigrationAttribute>()?.Id is { } id)
                {
                    found.Add(id, type);
                }
            }

            return migrations = found;
        }
    }

    public override ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (snapshotLookedUp)
            {
                return snapshot;
            }

            if (Candidates() is not { } types)
            {
                snapshot = base.ModelSnapshot;
            }
            else
            {
                var type = types.FirstOrDefault(t => t.IsSubclassOf(typeof(ModelSnapshot)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == contextType);
                snapshot = type is null ? null : (ModelSnapshot?)Activator.CreateInstance(type.AsType());
            }

            snapshotLookedUp = true;
            return snapshot;
        }
    }

    /// <summary>The constructible top-level types of <see cref="Namespace"/>, or null when the assembly's file cannot be read.</summary>
    private IReadOnlyList<TypeInfo>? Candidates()
    {
        if (candidates is not null)
        {
            return candidates;
        }

        var names = TypeNames(Assembly, Namespace);
        if (names is null)
        {
            return null;
        }

        var types = new List<TypeInfo>();
        foreach (var name in names)
        {
            if (Assembly.GetType(name, throwOnError: false) is { IsAbstract: false, IsGenericTypeDefinition: false } type)
            {
                types.Add(type.GetTypeInfo());
            }
        }

        return candidates = types;
    }

    /// <summary>
    /// The full names of the types in <paramref name="ns"/> (or below it), read from the TypeDef table of the assembly
    /// file's metadata (ECMA-335 II.24, II.22.37) with a few reads of the file: System.Reflection.Metadata would cost
    /// more to load (about 1 MB) than this look-up saves. Nested types have no namespace there, so they are left out.
    /// Null when the file is not there, not the one loaded (its module version id) or not laid out as expected; then EF
    /// Core looks the migrations up itself.
    /// </summary>
    internal static IReadOnlyList<string>? TypeNames(Assembly assembly, string ns) =>
        TypeNames(assembly.Location, ns, assembly.ManifestModule.ModuleVersionId);

    /// <summary>The same from the file at <paramref name="path"/>, if its module version id is <paramref name="mvid"/>.</summary>
    internal static IReadOnlyList<string>? TypeNames(string path, string ns, Guid mvid)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var file = File.OpenHandle(path);
            return new TypeDefinitionReader(file).Names(ns, mvid);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private sealed class TypeDefinitionReader(Microsoft.Win32.SafeHandles.SafeFileHandle file)
    {
        private const int TypeDefTable = 0x02;

        /// <summary>Null when the file's module version id is not <paramref name="mvid"/> (the file was replaced since it was loaded).</summary>
        public List<string>? Names(string ns, Guid mvid)
        {
            var dos = Read(0, 64);
            var pe = BinaryPrimitives.ReadInt32LittleEndian(dos.AsSpan(0x3C));
            var headers = Read(pe, 24 + 240);
            Expect(BinaryPrimitives.ReadUInt32LittleEndian(headers.AsSpan(0)) == 0x00004550);
            var sections = BinaryPrimitives.ReadUInt16LittleEndian(headers.AsSpan(6));
            var optionalSize = BinaryPrimitives.ReadUInt16LittleEndian(headers.AsSpan(20));
            var optional = Read(pe + 24, optionalSize);
            var directories = BinaryPrimitives.ReadUInt16LittleEndian(optional.AsSpan(0)) == 0x20b ? 112 : 96;
            var cliRva = BinaryPrimitives.ReadInt32LittleEndian(optional.AsSpan(directories + (14 * 8)));
            Expect(cliRva != 0);
            var sectionTable = Read(pe + 24 + optionalSize, sections * 40);
            long Offset(int rva)
            {
                for (var i = 0; i < sections; i++)
                {
                    var virtualAddress = BinaryPrimitives.ReadInt32LittleEndian(sectionTable.AsSpan((i * 40) + 12));
                    var rawSize = BinaryPrimitives.ReadInt32LittleEndian(sectionTable.AsSpan((i * 40) + 16));
                    if (rva >= virtualAddress && rva < virtualAddress + rawSize)
                    {
                        return (long)rva - virtualAddress + BinaryPrimitives.ReadInt32LittleEndian(sectionTable.AsSpan((i * 40) + 20));
                    }
                }

                throw new InvalidDataException("An RVA outside every section.");
            }

            var cli = Read(Offset(cliRva), 16);
            var metadata = Offset(BinaryPrimitives.ReadInt32LittleEndian(cli.AsSpan(8)));
            var root = Read(metadata, Math.Min(BinaryPrimitives.ReadInt32LittleEndian(cli.AsSpan(12)), 4096));
            Expect(BinaryPrimitives.ReadUInt32LittleEndian(root.AsSpan(0)) == 0x424A5342);
            var at = 16 + BinaryPrimitives.ReadInt32LittleEndian(root.AsSpan(12));
            var streamCount = BinaryPrimitives.ReadUInt16LittleEndian(root.AsSpan(at + 2));
            at += 4;
            long tables = -1, strings = -1, guids = -1;
            for (var i = 0; i < streamCount; i++)
            {
                var offset = BinaryPrimitives.ReadInt32LittleEndian(root.AsSpan(at));
                var nameEnd = Array.IndexOf(root, (byte)0, at + 8);
                var name = System.Text.Encoding.ASCII.GetString(root, at + 8, nameEnd - at - 8);
                if (name == "#~")
                {
                    tables = metadata + offset;
                }
                else if (name == "#Strings")
                {
                    strings = metadata + offset;
                }
                else if (name == "#GUID")
                {
                    guids = metadata + offset;
                }

                at = (nameEnd + 4) & ~3;
            }

            Expect(tables >= 0 && strings >= 0 && guids >= 0);
            var header = Read(tables, 24 + (64 * 4));
            var heapSizes = header[6];
            Expect((heapSizes & ~0x07) == 0);
            var valid = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8));
            var rows = new int[64];
            var rowsAt = 24;
            for (var table = 0; table < 64; table++)
            {
                if ((valid & (1UL << table)) != 0)
                {
                    rows[table] = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(rowsAt));
                    rowsAt += 4;
                }
            }

            var stringSize = (heapSizes & 0x01) != 0 ? 4 : 2;
            var guidSize = (heapSizes & 0x02) != 0 ? 4 : 2;
            int Coded(params int[] tablesOf) => tablesOf.Max(t => rows[t]) < (1 << (16 - 2)) ? 2 : 4;
            int Simple(int table) => rows[table] < 65536 ? 2 : 4;
            var moduleRow = 2 + stringSize + (3 * guidSize);
            var module = Read(tables + rowsAt, moduleRow);
            var mvidIndex = guidSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(module.AsSpan(2 + stringSize)) : BinaryPrimitives.ReadInt32LittleEndian(module.AsSpan(2 + stringSize));
            if (mvidIndex < 1 || new Guid(Read(guids + ((mvidIndex - 1) * 16L), 16)) != mvid)
            {
                return null;
            }

            var typeRefRow = Coded(0x00, 0x1A, 0x23, 0x01) + (2 * stringSize);
            var typeDefRow = 4 + (2 * stringSize) + Coded(0x02, 0x01, 0x1B) + Simple(0x04) + Simple(0x06);
            var typeDefs = Read(tables + rowsAt + (rows[0x00] * (long)moduleRow) + (rows[0x01] * (long)typeRefRow), rows[TypeDefTable] * typeDefRow);

            var namespaces = new Dictionary<int, string>();
            var names = new List<string>();
            for (var row = 0; row < rows[TypeDefTable]; row++)
            {
                var cell = (row * typeDefRow) + 4;
                var nameIndex = stringSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(typeDefs.AsSpan(cell)) : BinaryPrimitives.ReadInt32LittleEndian(typeDefs.AsSpan(cell));
                var namespaceIndex = stringSize == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(typeDefs.AsSpan(cell + stringSize)) : BinaryPrimitives.ReadInt32LittleEndian(typeDefs.AsSpan(cell + stringSize));
                if (!namespaces.TryGetValue(namespaceIndex, out var typeNamespace))
                {
                    namespaces[namespaceIndex] = typeNamespace = ReadString(strings, namespaceIndex);
                }

                if (typeNamespace == ns || typeNamespace.StartsWith(ns + ".", StringComparison.Ordinal))
                {
                    names.Add(typeNamespace + "." + ReadString(strings, nameIndex));
                }
            }

            return names;
        }

        private string ReadString(long heap, int index)
        {
            var bytes = new List<byte>();
            var chunk = new byte[128];
            for (long at = heap + index; ; at += chunk.Length)
            {
                var count = RandomAccess.Read(file, chunk, at);
                Expect(count > 0);
                var end = Array.IndexOf(chunk, (byte)0, 0, count);
                bytes.AddRange(chunk.AsSpan(0, end < 0 ? count : end));
                if (end >= 0)
                {
                    return System.Text.Encoding.UTF8.GetString([.. bytes]);
                }
            }
        }

        private byte[] Read(long offset, int length)
        {
            var buffer = new byte[length];
            var read = 0;
            while (read < length)
            {
                var count = RandomAccess.Read(file, buffer.AsSpan(read), offset + read);
                Expect(count > 0);
                read += count;
            }

            return buffer;
        }

        private static void Expect(bool condition)
        {
            if (!condition)
            {
                throw new InvalidDataException("Not the metadata layout this reader knows.");
            }
        }
    }
}
#pragma warning restore EF1001
