"""Words that name an action on a page ("Reply", "Print this story", "Log in", "Antworten"):
one vocabulary for what discovery does not follow and what a comment's words leave out.

It lives beside the extractors (the lower layer) so that `crawler.discovery`, which reads pages
with the extractors, and the structural thread finder share it without importing each other.
"""

from __future__ import annotations

import re

# Words that name an action on the page rather than a page to read. A link is an action when
# its text starts with one (or with one of ACTION_PHRASES) and the rest only names what it acts
# on (ACTION_OBJECTS): "Reply", "Print this diary", "Email story", "Log in", "Antworten".
ACTION_WORDS = frozenset("""
    reply respond comment quote rate vote like unlike recommend recommended flag report hide
    unhide block mute ignore edit delete remove email e-mail mail print printer share tweet
    subscribe unsubscribe follow unfollow bookmark save hotlist login logout signin signout
    signup register
    antworten antwort zitieren bewerten empfehlen melden ausblenden bearbeiten löschen drucken
    druckversion teilen abonnieren anmelden abmelden registrieren einloggen ausloggen merken
    répondre réponse citer voter recommander signaler masquer modifier supprimer imprimer
    partager envoyer abonner connexion déconnexion inscription
    responder citar votar recomendar denunciar ocultar editar borrar imprimir compartir
    suscribirse entrar salir registrarse compartilhar assinar
    rispondi cita vota consiglia segnala nascondi modifica elimina stampa condividi iscriviti
    accedi esci registrati
    reageer reageren beantwoorden afdrukken delen inloggen uitloggen
    odgovori citiraj ocijeni preporuči prijavi sakrij uredi obriši ispiši podijeli
    balas kutip laporkan sembunyikan ubah hapus cetak bagikan masuk keluar daftar
    ответить цитировать пожаловаться скрыть редактировать удалить печать поделиться
    подписаться войти выйти регистрация
    回覆 回复 引用 檢舉 举报 隱藏 隐藏 編輯 编辑 刪除 删除 列印 打印
    分享 訂閱 订阅 登入 登录 登出 註冊 注册
    返信 通報 非表示 編集 削除 印刷 共有 購読 ログイン ログアウト 登録
""".split())
ACTION_PHRASES = frozenset({
    "log in", "log out", "sign in", "sign out", "sign up", "add comment", "post comment",
    "leave a comment", "leave a reply", "add to", "se connecter", "s'inscrire", "iniciar sesión",
    "e mail", "in reply",
})
ACTION_OBJECTS = frozenset("""
    this it to a an the on via by with me us post story diary article entry comment comments
    page link friend thread message now here version view
    diesen diese dieses den die das beitrag artikel kommentar senden seite
    ce cet cette le la les article billet commentaire page
    este esta el la artículo entrada comentario página
    questo questa il articolo commento pagina
    dit deze het artikel bericht
    ovo ovaj članak komentar
    ini artikel komentar
""".split())
# an action link's text is short: the action and its object, not a headline that starts with one
MAX_ACTION_WORDS = 4
_WORD = re.compile(r"[\w'-]+", re.UNICODE)


def is_action_text(text: str) -> bool:
    """Whether a link's text names an action ("Reply", "Print this story", "Log in")."""
    words = _WORD.findall(text.lower())
    if not words or len(words) > MAX_ACTION_WORDS:
        return False
    phrase = next((n for n in (3, 2) if " ".join(words[:n]) in ACTION_PHRASES), 0)
    if phrase:
        rest = words[phrase:]
    elif words[0] in ACTION_WORDS:
        rest = words[1:]
    else:
        return False
    return all(word in ACTION_OBJECTS or word in ACTION_WORDS for word in rest)
