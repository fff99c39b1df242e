/** `stopword` and `wink-lemmatizer` ship no types; these are the parts the matcher uses. */
declare module 'stopword' {
  export const eng: string[];
}

declare module 'wink-lemmatizer' {
  const lemmatizer: {
    noun(word: string): string;
    verb(word: string): string;
    adjective(word: string): string;
  };
  export default lemmatizer;
}
