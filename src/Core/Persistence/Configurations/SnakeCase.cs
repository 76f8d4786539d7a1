using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ChildCare.Core.Persistence.Configurations;

/// <summary>Names every column of an entity in snake case (ReceivedAt → received_at), as hand-written SQL expects.</summary>
internal static class SnakeCase
{
    public static void Columns(IMutableEntityType entity)
    {
        foreach (var property in entity.GetProperties())
        {
            property.SetColumnName(Of(property.Name));
        }
    }

    public static string Of(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
