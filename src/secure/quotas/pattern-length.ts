/**
 * The longest string a parameter's AllowedPattern accepts, or Infinity. Covers
 * the regular expressions CloudFormation parameters use: literals, escapes,
 * character classes, groups, alternation, `?`, `{n}`, `{n,m}`; `*`, `+` and
 * `{n,}` are unbounded. Anything it does not understand counts as unbounded, so
 * the bound is never too short.
 */
export function patternMaxLength(pattern: string): number {
  let i = 0;

  const alternation = (): number => {
    let best = sequence();
    while (pattern[i] === '|') {
      i++;
      best = Math.max(best, sequence());
    }
    return best;
  };

  const sequence = (): number => {
    let total = 0;
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      total += repeated(atom());
    }
    return total;
  };

  const atom = (): number => {
    const c = pattern[i];
    if (c === '^' || c === '$') {
      i++;
      return 0;
    }
    if (c === '(') {
      i++;
      let lookaround = false;
      if (pattern[i] === '?') {
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          while (i < pattern.length && pattern[i] !== '>') i++; // named group
        } else {
          if (pattern[i] === '<') i++;
          lookaround = pattern[i] === '=' || pattern[i] === '!';
        }
        i++;
      }
      const length = alternation();
      if (pattern[i] !== ')') return Infinity;
      i++;
      return lookaround ? 0 : length;
    }
    if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      if (i >= pattern.length) return Infinity;
      i++;
      return 1;
    }
    if (c === '\\') {
      const escaped = pattern[i + 1];
      i += 2;
      if (escaped === 'b' || escaped === 'B' || escaped === 'A' || escaped === 'z' || escaped === 'Z') return 0;
      if ((escaped === 'p' || escaped === 'P') && pattern[i] === '{') {
        while (i < pattern.length && pattern[i] !== '}') i++;
        i++;
      }
      return 1;
    }
    i++;
    return 1;
  };

  const repeated = (length: number): number => {
    let times = 1;
    let quantified = true;
    const c = pattern[i];
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (c === '*' || c === '+') {
      i++;
      times = Infinity;
    } else if (c === '?') {
      i++;
    } else if (braces) {
      i += braces[0].length;
      times = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
    } else {
      quantified = false;
    }
    if (quantified && (pattern[i] === '?' || pattern[i] === '+')) i++; // lazy or possessive
    return length === 0 ? 0 : length * times;
  };

  const result = alternation();
  return i < pattern.length ? Infinity : result;
}
