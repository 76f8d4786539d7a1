// The help desk's replies are the channel-neutral ChatReply every feature sends. The old name stays an alias inside
// Core so the flows (ReportFlow's questions are being reshaped on another branch) need no edit; a plain rename later.
global using ConversationReply = ChildCare.Core.Messaging.ChatReply;
