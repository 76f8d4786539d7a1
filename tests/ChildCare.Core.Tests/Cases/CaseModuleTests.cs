using System.Reflection;
using ChildCare.Core.Cases;
using ChildCare.Testing;

namespace ChildCare.Core.Tests.Cases;

/// <summary>The case queue does not know the help desk: Conversations may use Cases, never the other way round.</summary>
public sealed class CaseModuleTests
{
    private const string CasesNamespace = "ChildCare.Core.Cases";
    private const string ConversationsNamespace = "ChildCare.Core.Conversations";

    [Fact]
    public void CaseTypes_ReferenceNoConversationType_InTheirSignatures()
    {
        var caseTypes = typeof(ChildCase).Assembly.GetTypes().Where(t => t.Namespace == CasesNamespace).ToList();
        Assert.Contains(typeof(CaseIntake), caseTypes);

        var offending = caseTypes
            .SelectMany(t => SignatureTypes(t).Where(IsConversations).Select(u => $"{t.Name} -> {u.FullName}"))
            .Distinct()
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void CaseSources_NameNoConversationsNamespace()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "src", "Core", "Cases");
        var files = System.IO.Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);

        var offending = files.Where(f => File.ReadAllText(f).Contains(ConversationsNamespace, StringComparison.Ordinal)).Select(Path.GetFileName).ToList();

        Assert.Empty(offending);
    }

    private static bool IsConversations(Type type) =>
        type.Namespace is { } ns && (ns == ConversationsNamespace || ns.StartsWith(ConversationsNamespace + ".", StringComparison.Ordinal));

    /// <summary>Every type a type's declaration names: bases, interfaces, fields, properties, constructors and methods (with generic arguments).</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var named = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            named.Add(baseType);
        }

        named.AddRange(type.GetInterfaces());
        named.AddRange(type.GetFields(all).Select(f => f.FieldType));
        named.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        named.AddRange(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
        foreach (var method in type.GetMethods(all))
        {
            named.Add(method.ReturnType);
            named.AddRange(method.GetParameters().Select(p => p.ParameterType));
        }

        return named.SelectMany(Unfold);
    }

    private static IEnumerable<Type> Unfold(Type type)
    {
        if (type.HasElementType && type.GetElementType() is { } element)
        {
            return Unfold(element);
        }

        return type.IsGenericType ? [type, .. type.GetGenericArguments().SelectMany(Unfold)] : [type];
    }
}
