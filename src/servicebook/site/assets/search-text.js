/* Site search text handling (issue 11), shared by the engine and the results: how typed and page
 * text is normalised (full-width, traditional characters, case), which typed words are question
 * words, and the small character tests. A classic script like the rest of the worker (no ES
 * modules: they do not run from file://); node tests load it with require().
 */
(function (root) {
  "use strict";

  var TOKEN_SEP = "`";  // between the words of the index's texts (search_index.py TOKEN_SEP)
  var BLOCK_SEP = "\n";

  // Question words and particles: every question has them, no answer is found by them.
  var STOP_WORDS = (
    "怎么 怎么办 怎么样 怎么做 怎样 如何 什么 什么样 啥 咋 咋办 咋整 多久 多长 多少 几 几个 几点 哪 哪些 哪个 哪里 哪儿 谁 " +
    "为什么 为啥 是否 吗 吧 呢 啊 呀 嘛 哦 哈 了 的 地 得 着 过 是 就 都 也 还 又 再 才 很 太 挺 " +
    "要 要不要 想 能 能不能 可以 可不可以 可否 会 会不会 该 应该 应当 需要 需不需要 必须 得要 是不是 有没有 有 没有 没 不用 用不用 " +
    "请问 一下 一般 到底 究竟 这样 那样 这种 那种 这个 那个 这些 那些 这 那 我 你 他 她 它 我们 你们 他们 咱们 人家 自己 " +
    "和 与 跟 或 或者 在 给 被 把 对 向 从 让 叫 然后 如果 时候 时 之后 以后 之前 的话 怎么回事 行不行 行吗 好吗 对吗 算不算 算 " +
    "这句 这句话 这话 那句话 " +
    // Filler staff put around a question: 请问…/我想知道…/…该怎么弄/…咋整.
    "我想知道 想知道 想问 想请教 请教 请教一下 问一下 问下 问问 麻烦问 麻烦问一下 " +
    "怎么弄 咋弄 怎么搞 咋搞 怎么整 该咋 该咋办 要咋 咋说 咋做 怎么做才 干啥 干嘛 做啥 些啥 点啥 啥样 " +
    "啥时候 什么时候 多长时间 多少天 几天 几次 几号 几回 好不好 对不对 行不"
  ).split(" ");
  var STOP = new Set(STOP_WORDS);
  // Words nearly every staff question has (业主骂人, 业主报修, 业主投诉…): they say little about
  // which section answers, so they weigh less than the other words typed.
  var SOFT = new Set("业主 客户 顾客 客人 员工 同事 我们".split(" "));
  STOP_WORDS.sort(function (a, b) { return b.length - a.length; });

  var HAN = /\p{Script=Han}/u;
  var RUNS = /[\p{Script=Han}]+|[a-z0-9][a-z0-9+.%]*/gu;
  var WORDLIKE = /[\p{L}\p{N}]/u;

  // Traditional characters staff may type (a phone set to 繁體, a copied message) -> the simplified
  // ones the pages use: the common characters of this site's words, one for one (same length).
  var TRADITIONAL = "業业報报維维訴诉電电話话問问題题員员務务費费門门開开關关們们這这個个麼么說说請请應应該该時时間间" +
    "處处裡里裏里樓楼層层區区號号車车輛辆場场進进來来讓让還还會会對对為为嗎吗沒没錢钱給给買买賣卖東东廳厅廣广單单據据" +
    "總总經经與与學学習习訓训練练課课試试險险貨货遞递氣气熱热燈灯壞坏鑰钥戶户產产傳传響响聽听聲声轉转線线錯错掛挂頭头" +
    "腳脚臉脸視视覺觉態态禮礼儀仪裝装衛卫潔洁掃扫環环綠绿樹树園园設设備备檢检驗验證证記记錄录檔档責责負负長长師师專专" +
    "項项資资變变動动勞劳優优質质滿满歡欢謝谢歲岁壽寿圖图計计劃划辦办幫帮讀读寫写碼码陽阳銷销鐘钟點点幾几兩两萬万陰阴" +
    "傘伞雙双飯饭鬧闹罵骂吵吵聯联繫系係系絡络際际準准規规範范語语讓让謙谦禮礼貌貌態态標标準准淨净衝冲補补償偿賠赔漏漏" +
    "屬属節节紀纪錄录統统計计調调查查詢询態态處处罰罚獎奖勵励評评價价額额構构築筑漲涨費费結结構构滅灭災灾燒烧險险療疗藥药" +
    "醫医護护顧顾闆板權权誤误樣样實实際际竊窃偷偷難难題题廁厕擺摆撥拨鈴铃話话筆笔邊边內内圍围鄰邻愛爱驚惊喜喜慶庆賀贺壓压";
  var SIMPLIFIED = new Map();
  for (var k = 0; k + 1 < TRADITIONAL.length; k += 2) SIMPLIFIED.set(TRADITIONAL[k], TRADITIONAL[k + 1]);
  var TRADITIONAL_CHARS = new RegExp("[" + Array.from(SIMPLIFIED.keys()).join("") + "]", "g");
  // Any character normalize() changes: most page text has none, and one scan is cheaper than three.
  var CHANGED = new RegExp("[\\uff01-\\uff5eA-Z\\u00c0-\\u024f\\u0370-\\u052f" + Array.from(SIMPLIFIED.keys()).join("") + "]");

  function normalize(text) {
    text = String(text);
    if (!CHANGED.test(text)) return text;
    // Full-width ASCII (ＡＢＣ１２３) to half-width, traditional characters to simplified, lower case.
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(TRADITIONAL_CHARS, function (c) { return SIMPLIFIED.get(c); }).toLowerCase();
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function plain(seg) {
    return seg.split(TOKEN_SEP).join("");
  }

  function bigramsOf(text) {
    var out = [];
    var chars = Array.from(text);
    for (var i = 0; i + 1 < chars.length; i++) {
      if (chars[i].length === 1 && chars[i + 1].length === 1 && isHan(chars[i].charCodeAt(0)) &&
          isHan(chars[i + 1].charCodeAt(0))) out.push(chars[i] + chars[i + 1]);
    }
    return out;
  }

  function isHan(code) {
    return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || (code >= 0xf900 && code <= 0xfaff);
  }

  function isWordlike(token) {
    var c = token.charCodeAt(0);
    return isHan(c) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c > 0x7f && WORDLIKE.test(token));
  }

  // Token separators in the index's text: TOKEN_SEP, newline (and tab), and the Chinese punctuation the
  // build writes without TOKEN_SEP around it (search_index.py PUNCTUATION), also as normalize() turns the
  // full-width ones into ASCII. jieba never keeps any of them inside a word.
  var SEPARATOR = new Uint8Array(65536);
  SEPARATOR[9] = SEPARATOR[10] = SEPARATOR[TOKEN_SEP.charCodeAt(0)] = 1;
  Array.from("，。、；：！？（）“”‘’《》【】…—·,;:!?()").forEach(function (p) { SEPARATOR[p.charCodeAt(0)] = 1; });

  function nextSep(text, from) {
    for (var i = from; i < text.length; i++) {
      if (SEPARATOR[text.charCodeAt(i)]) return i;
    }
    return text.length;
  }

  var api = {
    TOKEN_SEP: TOKEN_SEP, BLOCK_SEP: BLOCK_SEP, STOP_WORDS: STOP_WORDS, STOP: STOP, SOFT: SOFT, HAN: HAN, RUNS: RUNS,
    normalize: normalize, escapeHtml: escapeHtml, plain: plain, bigramsOf: bigramsOf, isHan: isHan,
    isWordlike: isWordlike, nextSep: nextSep,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ServicebookText = api;
})(typeof self !== "undefined" ? self : this);
