-- Column widths for the office documents: pandoc's CommonMark tables carry none, so Word
-- and LibreOffice size the columns themselves and a long text column ends up as narrow as
-- a column of numbers. Here each column gets a share of the page by the longest line of
-- text in it (header and rows), at least 8 %; a table whose text would not fill a line
-- takes only the width its text needs.

local MIN_SHARE = 0.08
local LINE = 70 -- characters that fill a line of body text, about
local PADDING = 4 -- characters' worth of cell margins and a bold header

local function cell_length(cell)
  return utf8.len(pandoc.utils.stringify(cell.contents)) or 0
end

local function widest(rows, lengths)
  for _, row in ipairs(rows) do
    for i, cell in ipairs(row.cells) do
      lengths[i] = math.max(lengths[i] or 0, cell_length(cell))
    end
  end
end

function Table(tbl)
  local lengths = {}
  widest(tbl.head.rows, lengths)
  for _, body in ipairs(tbl.bodies) do
    widest(body.body, lengths)
  end
  local total = 0
  for i = 1, #tbl.colspecs do
    lengths[i] = math.max(lengths[i] or 0, 1) + PADDING
    total = total + lengths[i]
  end
  local shares, sum = {}, 0
  for i = 1, #tbl.colspecs do
    shares[i] = math.max(lengths[i] / math.max(total, LINE), MIN_SHARE)
    sum = sum + shares[i]
  end
  local scale = sum > 1 and sum or 1
  for i, spec in ipairs(tbl.colspecs) do
    tbl.colspecs[i] = { spec[1], shares[i] / scale }
  end
  return tbl
end
