-- Headless Neovim as an independent LSP client of `xxgk-report lsp --stdio`.
-- Reads XXGK_FILE, XXGK_BIN, XXGK_OUT from the environment; writes what Neovim shows as JSON.
local file, bin, out = os.getenv('XXGK_FILE'), os.getenv('XXGK_BIN'), os.getenv('XXGK_OUT')
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'markdown'
local id = vim.lsp.start_client({ name = 'xxgk', cmd = { 'node', bin, 'lsp', '--stdio' }, root_dir = vim.fn.fnamemodify(file, ':h') })
vim.lsp.buf_attach_client(buf, id)
local ok = vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
local res = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
  table.insert(res, { code = code, lnum = d.lnum, col = d.col, severity = d.severity, message = d.message })
end
local client = vim.lsp.get_client_by_id(id)
local f = io.open(out, 'w')
f:write(vim.fn.json_encode({ ok = ok, server = client and client.name or vim.NIL, diagnostics = res }))
f:close()
vim.lsp.stop_client(id)
vim.cmd('qa!')
