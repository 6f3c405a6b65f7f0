-- Run by server/test/neovim-lsp.test.ts in a headless Neovim after the init.lua of docs/editors.md, with the .repl
-- file open: waits (bounded) for the ReplScope client's diagnostics, then asks for a hover and for completion items,
-- writes what arrived as JSON to $REPLSCOPE_NVIM_OUT, and quits. Each wait is bounded; a timeout is written as such.
local out = os.getenv('REPLSCOPE_NVIM_OUT')
local hover_line = tonumber(os.getenv('REPLSCOPE_HOVER_LINE'))
local hover_col = tonumber(os.getenv('REPLSCOPE_HOVER_COL'))
local complete_line = tonumber(os.getenv('REPLSCOPE_COMPLETE_LINE'))
local result = { version = vim.version(), filetype = vim.bo.filetype, clients = {}, diagnostics = {}, errors = {} }

local function finish()
  result.errmsg = vim.v.errmsg
  local file = io.open(out, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop()
  end
  vim.wait(2000, function()
    return #vim.lsp.get_active_clients() == 0
  end, 50)
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local attached = vim.wait(15000, function()
    return #vim.lsp.buf_get_clients(buf) > 0
  end, 50)
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    table.insert(result.clients, client.name)
  end
  if not attached then
    table.insert(result.errors, 'no LSP client attached to the buffer within 15 s')
    return
  end
  local got = vim.wait(20000, function()
    return #vim.diagnostic.get(buf) > 0
  end, 50)
  if not got then
    table.insert(result.errors, 'no diagnostics within 20 s')
  end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
  end
  local uri = vim.uri_from_bufnr(buf)
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = uri },
    position = { line = hover_line, character = hover_col },
  }, 10000)
  if hover == nil then
    table.insert(result.errors, 'no hover answer within 10 s')
  else
    for _, answer in pairs(hover) do
      if answer.error then
        table.insert(result.errors, 'hover: ' .. vim.inspect(answer.error))
      elseif answer.result and answer.result.contents then
        local c = answer.result.contents
        result.hover = type(c) == 'string' and c or c.value or vim.inspect(c)
      end
    end
  end
  local completion = vim.lsp.buf_request_sync(buf, 'textDocument/completion', {
    textDocument = { uri = uri },
    position = { line = complete_line, character = 0 },
  }, 10000)
  if completion == nil then
    table.insert(result.errors, 'no completion answer within 10 s')
  else
    result.completion = {}
    for _, answer in pairs(completion) do
      if answer.error then
        table.insert(result.errors, 'completion: ' .. vim.inspect(answer.error))
      elseif answer.result then
        local items = answer.result.items or answer.result
        for _, item in ipairs(items) do
          table.insert(result.completion, item.label)
        end
      end
    end
  end
end)
if not ok then
  table.insert(result.errors, 'probe failed: ' .. tostring(err))
end
finish()
