// Starts `speechlint lsp` for plain-text and Markdown documents and hands its findings,
// quick fixes and hover documentation to VS Code.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration("speechlint");
  const command = settings.get<string[]>("command", ["speechlint", "lsp"]);
  if (command.length === 0) {
    void vscode.window.showErrorMessage("speechlint.command 为空：请填写启动语言服务器的命令");
    return;
  }
  const serverOptions: ServerOptions = {
    command: command[0],
    args: command.slice(1),
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "plaintext" },
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
    ],
    initializationOptions: {
      run: settings.get<string>("run", "onType"),
      unsafeFixes: settings.get<boolean>("unsafeFixes", false),
    },
    synchronize: {
      // The server reads .speechlint.yaml afresh; a change re-checks the open drafts.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/.speechlint.{yaml,yml}"),
    },
  };
  client = new LanguageClient("speechlint", "speechlint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("speechlint") && client) {
        await client.stop();
        await activate(context);
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}
