// Reference encoder: @lenml/tokenizers (a JS port of transformers' tokenizers).
// node encode-reference.js MAIN_JS TOKENIZER_DIR < strings.json  ->  one JSON line per string:
// [ids with special tokens, ids without]
const fs = require('fs');
const { TokenizerLoader } = require(process.argv[2]);
const dir = process.argv[3];
const tokenizer = TokenizerLoader.fromPreTrained({
  tokenizerJSON: JSON.parse(fs.readFileSync(dir + '/tokenizer.json', 'utf8')),
  tokenizerConfig: JSON.parse(fs.readFileSync(dir + '/tokenizer_config.json', 'utf8')),
});
const strings = JSON.parse(fs.readFileSync(0, 'utf8'));
const out = strings.map((s) => JSON.stringify([
  tokenizer.encode(s, { add_special_tokens: true }),
  tokenizer.encode(s, { add_special_tokens: false }),
]));
process.stdout.write(out.join('\n') + '\n');
