namespace ChildCare.Core.Cases;

/// <summary>
/// A change a case refuses: an illegal stage move, a reason missing, a closed case. <see cref="Rule"/> names
/// the rule (a text key the channels show in the person's language); the message is for logs and the API.
/// </summary>
internal sealed class CaseRuleException : InvalidOperationException
{
    public CaseRuleException()
    {
        Rule = "";
    }

    public CaseRuleException(string message)
        : base(message)
    {
        Rule = "";
    }

    public CaseRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Rule = "";
    }

    public CaseRuleException(string rule, string message)
        : base(message)
    {
        Rule = rule;
    }

    public string Rule { get; }
}
