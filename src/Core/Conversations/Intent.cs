using ChildCare.Core.Directory;

namespace ChildCare.Core.Conversations;

/// <summary>What free text asks for when no question is open.</summary>
internal enum Intent
{
    None,
    Report,
    Contacts,
    AbuseMention,
    Guidance,
    Status,
    Language,
    Greeting,
    Thanks,
}

/// <summary>
/// Keyword understanding on folded text (no accents, lower case), Vietnamese as people type it on a phone
/// and English. Order matters: "báo cáo" wins over "xâm hại" in "tôi muốn báo cáo trẻ bị xâm hại".
/// </summary>
internal static class Intents
{
    private static readonly (Intent Intent, string[] Phrases)[] Keywords =
    [
        (Intent.Status, ["theo doi bao cao", "tinh trang bao cao", "trang thai bao cao", "theo doi", "status", "track my report", "my report"]),
        (Intent.Report, ["bao cao", "to giac", "bao tin", "trinh bao", "phan anh", "khai bao", "report", "bao cong an"]),
        (Intent.Contacts, ["tong dai", "so dien thoai", "sdt", "dien thoai", "so goi", "goi dien", "goi ai", "lien he", "duong day nong", "hotline", "tro giup", "giup do", "ho tro", "phone", "number", "call", "contact", "contacts", "helpline", "help", "111",
            "tam lanh", "nha tam lanh", "noi tam lanh", "ngoi nha binh yen", "nha binh yen", "dia chi tin cay", "shelter"]),
        (Intent.AbuseMention, ["xam hai", "bi danh", "danh dap", "bao luc", "bao hanh", "hanh ha", "nguoc dai", "bo roi", "buon ban", "mua ban tre", "bi ep", "abuse", "abused", "beaten", "violence", "trafficking", "neglected"]),
        (Intent.Guidance, ["huong dan", "tu van", "lam gi", "lam the nao", "nen lam gi", "kien thuc", "guide", "guidance", "advice", "what should i do", "what to do"]),
        (Intent.Language, ["english", "tieng anh", "tieng viet", "vietnamese", "ngon ngu", "language"]),
        (Intent.Thanks, ["cam on", "thank", "thanks", "thank you", "cam on ban"]),
        (Intent.Greeting, ["xin chao", "chao", "alo", "hello", "hi", "hey", "bat dau", "start", "menu", "ban la ai", "ban lam duoc gi", "lam duoc gi", "what can you do", "what do you do", "who are you", "how does this work"]),
    ];

    public static Intent Find(string folded)
    {
        foreach (var (intent, phrases) in Keywords)
        {
            if (phrases.Any(p => TextMatching.ContainsPhrase(folded, p)))
            {
                return intent;
            }
        }

        return Intent.None;
    }
}
