/** La complétude des preuves d'un critère (LDM 003), et sa phrase : module léger, lu par la CLI et le volet. */
export interface CompletudeCritere {
  critere: number;
  libelle: string;
  documentes: number;
  applicables: number;
  /** Critère réputé satisfait par cet autre label : ni documenté ni à documenter. */
  reputeSatisfait?: string;
}

/** « Critère 3 : 6/8 descripteurs documentés », ou « Critère 6 : réputé satisfait (Euroscol) ». */
export function texteCompletude(c: CompletudeCritere): string {
  return c.reputeSatisfait ? `Critère ${c.critere} : réputé satisfait (${c.reputeSatisfait})` : `Critère ${c.critere} : ${c.documentes}/${c.applicables} descripteurs documentés`;
}
