using System.Diagnostics.CodeAnalysis;

// "Shared" is the folder ASP.NET Core projects use for the layout and shared components (STYLE.md, issue 19); the
// namespace follows the folder, and no Visual Basic code will ever consume this executable's namespaces.
[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "The Shared folder of Razor components.", Scope = "namespace", Target = "~N:ChildCare.Bot.Pages.Shared")]
